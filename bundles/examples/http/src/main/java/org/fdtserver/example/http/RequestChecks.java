package org.fdtserver.example.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks each request head that {@code HttpServerCodec} accepts against what this server can serve,
 * before the body is aggregated: the HTTP version (RFC 9112 section 2.3) and the transfer codings
 * (section 6.1, where Netty 4.1 checks only a single {@code Transfer-Encoding} line). A request it
 * refuses gets a failed decoder result with a {@link RequestRejected} cause, which the handler
 * answers with that status and a close; the body the codec still decodes for it is dropped here
 * (the aggregator would pass it on, as it aggregates nothing after a failed head). One per connection.
 */
final class RequestChecks extends ChannelInboundHandlerAdapter {

    /** Whether the last request head was refused, so its body is dropped; event loop only. */
    private boolean dropping;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            HttpRequest request = (HttpRequest) msg;
            dropping = request.decoderResult().isSuccess() && !accepts(request);
        } else if (dropping) {
            ReferenceCountUtil.release(msg); // content of the refused request
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** @return whether the request may be served; if not, its decoder result says why */
    private static boolean accepts(HttpRequest request) {
        HttpVersion version = request.protocolVersion(); // Netty refuses names other than HTTP itself
        if (version.majorVersion() != 1) {
            return reject(request, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    version.text() + " is not supported; this server speaks HTTP/1.1");
        }
        if (version.minorVersion() > 1) {
            // A later HTTP/1.x is processed as the highest minor version this server implements.
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        return !request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING) || acceptsTransferCodings(request);
    }

    /** The codings of every Transfer-Encoding line in order: only a lone, final chunked is served. */
    private static boolean acceptsTransferCodings(HttpRequest request) {
        List<String> codings = new ArrayList<>();
        for (String line : request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            for (String coding : line.split(",")) {
                codings.add(coding.trim().toLowerCase(Locale.ROOT));
            }
        }
        String chunked = HttpHeaderValues.CHUNKED.toString();
        if (codings.indexOf(chunked) != codings.size() - 1) {
            // Chunked missing, not last or more than once: the body's length cannot be known.
            return reject(request, HttpResponseStatus.BAD_REQUEST,
                    "Transfer-Encoding " + codings + ": chunked must be the final coding, once");
        }
        return codings.size() == 1 || reject(request, HttpResponseStatus.NOT_IMPLEMENTED,
                "Transfer-Encoding " + codings + ": only chunked is implemented");
    }

    /** @return false, so that a check can end with it */
    private static boolean reject(HttpRequest request, HttpResponseStatus status, String reason) {
        request.setDecoderResult(DecoderResult.failure(new RequestRejected(status, reason)));
        return false;
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
