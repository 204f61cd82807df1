package org.fdtserver.example.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * Maps a request to the example's response: {@code /}, {@code /json}, {@code /slow?ms=N} and
 * {@code /pid} (which worker process answered: the example shows requests spread over processes).
 */
final class HelloRoutes {

    /** The longest sleep {@code /slow} accepts, in milliseconds. */
    static final long MAX_SLOW_MILLIS = 60_000;

    private static final String PID = ProcessHandle.current().pid() + "\n";

    /**
     * @param request a request about to be answered
     * @return whether answering it blocks: only {@code /slow} does, so only it needs the worker pool
     */
    static boolean blocks(HttpRequest request) {
        return request.uri().startsWith("/slow");
    }

    /**
     * @param request the request line and headers
     * @return the response, with Content-Type and Content-Length set
     * @throws InterruptedException if {@code /slow} is interrupted while it sleeps
     */
    FullHttpResponse respond(HttpRequest request) throws InterruptedException {
        HttpVersion version = request.protocolVersion();
        String uri = request.uri();
        // The two hot paths are matched without parsing the URI.
        String path = "/".equals(uri) || "/json".equals(uri) ? uri : new QueryStringDecoder(uri).path();
        switch (path) {
            case "/":
            case "/json":
            case "/slow":
            case "/pid":
                break;
            default:
                return Responses.of(version, HttpResponseStatus.NOT_FOUND, Responses.TEXT_PLAIN, Responses.NOT_FOUND);
        }
        if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse response = Responses.of(version, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    Responses.TEXT_PLAIN, Responses.METHOD_NOT_ALLOWED);
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.asciiName());
            return response;
        }
        if ("/".equals(path)) {
            return Responses.of(version, HttpResponseStatus.OK, Responses.TEXT_PLAIN, Responses.HELLO);
        }
        if ("/json".equals(path)) {
            return Responses.of(version, HttpResponseStatus.OK, Responses.APPLICATION_JSON, Responses.HELLO_JSON);
        }
        if ("/pid".equals(path)) {
            return Responses.of(version, HttpResponseStatus.OK, Responses.TEXT_PLAIN, PID);
        }
        return slow(version, new QueryStringDecoder(uri).parameters().get("ms"));
    }

    /** Sleeps on the pool thread, as a stand-in for slow application work such as a database call. */
    private static FullHttpResponse slow(HttpVersion version, List<String> ms) throws InterruptedException {
        long millis = parseMillis(ms);
        if (millis < 0) {
            return Responses.of(version, HttpResponseStatus.BAD_REQUEST, Responses.TEXT_PLAIN,
                    "ms must be one whole number from 0 to " + MAX_SLOW_MILLIS + "\n");
        }
        Thread.sleep(millis);
        return Responses.of(version, HttpResponseStatus.OK, Responses.TEXT_PLAIN, "slept " + millis + " ms\n");
    }

    /** @return the requested milliseconds, or -1 if missing, malformed or out of range */
    static long parseMillis(List<String> values) {
        if (values == null || values.size() != 1) {
            return -1;
        }
        try {
            long millis = Long.parseLong(values.get(0));
            return millis >= 0 && millis <= MAX_SLOW_MILLIS ? millis : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
