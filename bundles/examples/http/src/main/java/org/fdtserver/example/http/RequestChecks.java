package org.fdtserver.example.http;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks each request head that {@code HttpServerCodec} accepts against what this server can serve,
 * before the body is aggregated: the HTTP version (RFC 9112 section 2.3) and the transfer codings
 * (section 6.1, where Netty 4.1 checks only a single {@code Transfer-Encoding} line). A request it
 * refuses gets a failed decoder result with a {@link RequestRejected} cause, which the handler
 * answers with that status and a close; the aggregator then drops the body. Stateless, so shared.
 */
@Sharable
final class RequestChecks extends ChannelInboundHandlerAdapter {

    static final RequestChecks INSTANCE = new RequestChecks();

    private RequestChecks() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest && ((HttpRequest) msg).decoderResult().isSuccess()) {
            check((HttpRequest) msg);
        }
        ctx.fireChannelRead(msg);
    }

    private static void check(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (!"HTTP".equals(version.protocolName())) {
            reject(request, HttpResponseStatus.BAD_REQUEST, version.text() + " is not an HTTP version");
            return;
        }
        if (version.majorVersion() != 1) {
            reject(request, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, version.text() + " is not supported; this server speaks HTTP/1.1");
            return;
        }
        if (version.minorVersion() > 1) {
            // A later HTTP/1.x is processed as the highest minor version this server implements.
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            checkTransferCodings(request);
        }
    }

    /** The codings of every Transfer-Encoding line in order: only a lone, final chunked is served. */
    private static void checkTransferCodings(HttpRequest request) {
        List<String> codings = new ArrayList<>();
        for (String line : request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            for (String coding : line.split(",")) {
                codings.add(coding.trim().toLowerCase(Locale.ROOT));
            }
        }
        String chunked = HttpHeaderValues.CHUNKED.toString();
        if (codings.indexOf(chunked) != codings.size() - 1) {
            // Chunked missing, not last or more than once: the body's length cannot be known.
            reject(request, HttpResponseStatus.BAD_REQUEST,
                    "Transfer-Encoding " + codings + ": chunked must be the final coding, once");
        } else if (codings.size() > 1) {
            reject(request, HttpResponseStatus.NOT_IMPLEMENTED,
                    "Transfer-Encoding " + codings + ": only chunked is implemented");
        }
    }

    private static void reject(HttpRequest request, HttpResponseStatus status, String reason) {
        request.setDecoderResult(DecoderResult.failure(new RequestRejected(status, reason)));
    }

    /** Why a request head that parsed is still refused, with the status to answer it with. */
    static final class RequestRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient HttpResponseStatus status;

        RequestRejected(HttpResponseStatus status, String reason) {
            super(reason, null, false, false); // a refusal, not a fault: no stack trace
            this.status = status;
        }

        HttpResponseStatus status() {
            return status;
        }

        @Override
        public String toString() {
            return status.code() + " " + getMessage();
        }
    }
}
