package org.fdtserver.benchmarks.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * Netty's hello-world HTTP handler, answering {@code /} and {@code /json} byte for byte as the
 * fdtserver http example does: shared fixed bodies, unvalidated constant headers, keep-alive,
 * one flush per read.
 */
final class HelloHttpHandler extends SimpleChannelInboundHandler<HttpObject> {

    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=UTF-8");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final ByteBuf HELLO = fixed("Hello, world!\n");
    private static final ByteBuf HELLO_JSON = fixed("{\"message\":\"Hello, world!\"}");
    private static final ByteBuf NOT_FOUND = fixed("Not Found\n");

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (!(msg instanceof HttpRequest)) {
            return; // the empty last content of a GET
        }
        HttpRequest request = (HttpRequest) msg;
        FullHttpResponse response;
        switch (request.uri()) {
            case "/":
                response = response(request, HttpResponseStatus.OK, TEXT_PLAIN, HELLO);
                break;
            case "/json":
                response = response(request, HttpResponseStatus.OK, APPLICATION_JSON, HELLO_JSON);
                break;
            default:
                response = response(request, HttpResponseStatus.NOT_FOUND, TEXT_PLAIN, NOT_FOUND);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.write(response);
        } else {
            ctx.write(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static FullHttpResponse response(HttpRequest request, HttpResponseStatus status, AsciiString type,
            ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status, body.duplicate(), false);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    private static ByteBuf fixed(String text) {
        return Unpooled.unreleasableBuffer(Unpooled.unmodifiableBuffer(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }
}
