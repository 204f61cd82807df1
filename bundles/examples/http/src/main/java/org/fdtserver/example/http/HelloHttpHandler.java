package org.fdtserver.example.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.osgi.service.component.annotations.Component;

/**
 * Serves the {@code http} listener: HTTP/1.1 with keep-alive, ending each exchange cleanly when the
 * worker drains; a request it cannot serve (another major version, a body framing it cannot trust)
 * gets 400, 501 or 505 and a close. Its routes answer from memory on the I/O threads ({@link ProtocolHandler#NON_BLOCKING}),
 * except {@code /slow}, which sleeps and so {@link #blocks blocks}: it runs on the worker's pool.
 */
@Component(property = {ProtocolHandler.LISTENER + "=http", ProtocolHandler.NON_BLOCKING + ":Boolean=true"})
public final class HelloHttpHandler implements ProtocolHandler {

    static final int MAX_INITIAL_LINE_LENGTH = 4096;
    static final int MAX_HEADER_SIZE = 8192;
    static final int MAX_CHUNK_SIZE = 8192;

    private final HelloRoutes routes = new HelloRoutes();

    @Override
    public void initCodec(ChannelPipeline pipeline, CodecContext context) {
        pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_LENGTH, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
        pipeline.addLast("http-checks", new RequestChecks());
        pipeline.addLast("http-aggregator", new HttpObjectAggregator(context.maxFrameLength()));
    }

    @Override
    public boolean blocks(Object message) {
        return HelloRoutes.blocks((HttpRequest) message);
    }

    @Override
    public void handle(Connection connection, Object message) throws InterruptedException {
        FullHttpRequest request = (FullHttpRequest) message;
        if (request.decoderResult().isFailure()) {
            refuse(connection, request.decoderResult().cause());
            return;
        }
        FullHttpResponse response = routes.respond(request);
        boolean draining = connection.isDraining();
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !draining;
        HttpUtil.setKeepAlive(response, keepAlive);
        connection.write(response);
        if (!keepAlive) {
            connection.close(draining ? "worker draining" : "client asked to close");
        }
    }

    /**
     * Answers a request the codec or {@link RequestChecks} refused, in HTTP/1.1 whatever version it
     * named, and closes: what follows it on the connection cannot be trusted to start a request.
     */
    private static void refuse(Connection connection, Throwable cause) {
        HttpResponseStatus status = cause instanceof RequestChecks.RequestRejected
                ? ((RequestChecks.RequestRejected) cause).status() : HttpResponseStatus.BAD_REQUEST;
        FullHttpResponse response = Responses.of(HttpVersion.HTTP_1_1, status, Responses.TEXT_PLAIN, body(status));
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        connection.write(response);
        connection.close("bad HTTP request: " + cause);
    }

    private static ByteBuf body(HttpResponseStatus status) {
        if (status.equals(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED)) {
            return Responses.HTTP_VERSION_NOT_SUPPORTED;
        }
        return status.equals(HttpResponseStatus.NOT_IMPLEMENTED) ? Responses.NOT_IMPLEMENTED : Responses.BAD_REQUEST;
    }

    /**
     * Leaves the connection open: a keep-alive client may be sending its next request right now,
     * and cutting the connection would lose it. That request's response says Connection: close.
     */
    @Override
    public void draining(Connection connection) {
    }
}
