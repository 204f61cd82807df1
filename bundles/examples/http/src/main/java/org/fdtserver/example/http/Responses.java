package org.fdtserver.example.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** Builds the example's responses, sharing fixed bodies between requests instead of copying them. */
final class Responses {

    static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=UTF-8");
    static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");

    static final ByteBuf HELLO = fixed("Hello, world!\n");
    static final ByteBuf HELLO_JSON = fixed("{\"message\":\"Hello, world!\"}");
    static final ByteBuf BAD_REQUEST = fixed("Bad Request\n");
    static final ByteBuf NOT_IMPLEMENTED = fixed("Not Implemented\n");
    static final ByteBuf HTTP_VERSION_NOT_SUPPORTED = fixed("HTTP Version Not Supported\n");
    static final ByteBuf NOT_FOUND = fixed("Not Found\n");
    static final ByteBuf METHOD_NOT_ALLOWED = fixed("Method Not Allowed\n");

    private Responses() {
    }

    /** A response whose body is a view of a fixed buffer: nothing copied, nothing to free. */
    static FullHttpResponse of(HttpVersion version, HttpResponseStatus status, AsciiString contentType, ByteBuf body) {
        return complete(version, status, contentType, body.duplicate());
    }

    /** A response with a body made for this request. */
    static FullHttpResponse of(HttpVersion version, HttpResponseStatus status, AsciiString contentType, String body) {
        return complete(version, status, contentType, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    private static FullHttpResponse complete(HttpVersion version, HttpResponseStatus status, AsciiString contentType,
            ByteBuf content) {
        // Header names and values here are constants known to be valid, so validation is skipped.
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, content, false);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return response;
    }

    private static ByteBuf fixed(String text) {
        return Unpooled.unreleasableBuffer(
                Unpooled.unmodifiableBuffer(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }
}
