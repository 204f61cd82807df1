package org.fdtserver.example.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.nio.charset.StandardCharsets;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.testing.FakeConnection;
import org.junit.Test;

/**
 * The handler behind its own codec in an {@link EmbeddedChannel}, fed raw request bytes and read
 * back through a client codec; the connection is the shared FakeConnection, writing into the channel.
 */
public class HelloHttpHandlerTest {

    private final HelloHttpHandler handler = new HelloHttpHandler();
    private final EmbeddedChannel server = new EmbeddedChannel();
    private final FakeConnection connection = new FakeConnection("http", server.remoteAddress(), server::write);

    public HelloHttpHandlerTest() {
        handler.initCodec(server.pipeline(), new CodecContext() {
            @Override
            public String listener() {
                return "http";
            }

            @Override
            public int maxFrameLength() {
                return 1024;
            }
        });
    }

    @Test
    public void onlySlowBlocks() {
        assertTrue(handler.blocks(request("/slow?ms=5")));
        assertFalse(handler.blocks(request("/")));
        assertFalse(handler.blocks(request("/json")));
        assertFalse(handler.blocks(request("/pid")));
    }

    private static FullHttpRequest request(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    @Test
    public void helloWorldWithKeepAlive() throws Exception {
        FullHttpResponse response = exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(200, response.status().code());
        assertEquals("Hello, world!\n", body(response));
        assertEquals("14", response.headers().get(HttpHeaderNames.CONTENT_LENGTH));
        assertTrue(response.headers().get(HttpHeaderNames.CONTENT_TYPE).startsWith("text/plain"));
        assertNull(response.headers().get(HttpHeaderNames.CONNECTION));
        assertNull(connection.closedBecause());
        assertEquals("the shared body is served again intact", "Hello, world!\n",
                body(exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
    }

    @Test
    public void json() throws Exception {
        FullHttpResponse response = exchange("GET /json HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(200, response.status().code());
        assertEquals("application/json", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals("{\"message\":\"Hello, world!\"}", body(response));
    }

    @Test
    public void slowSleepsWithinBounds() throws Exception {
        FullHttpResponse response = exchange("GET /slow?ms=5 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(200, response.status().code());
        assertEquals("slept 5 ms\n", body(response));
        assertEquals(400, exchange("GET /slow?ms=60001 HTTP/1.1\r\nHost: x\r\n\r\n").status().code());
        assertEquals(400, exchange("GET /slow?ms=-1 HTTP/1.1\r\nHost: x\r\n\r\n").status().code());
        assertEquals(400, exchange("GET /slow?ms=abc HTTP/1.1\r\nHost: x\r\n\r\n").status().code());
        assertEquals(400, exchange("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").status().code());
    }

    @Test
    public void unknownPathsAndOtherMethods() throws Exception {
        assertEquals(404, exchange("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n").status().code());
        FullHttpResponse post = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assertEquals(405, post.status().code());
        assertEquals("GET", post.headers().get(HttpHeaderNames.ALLOW));
    }

    @Test
    public void closesAfterTheResponseWhenTheClientAsks() throws Exception {
        FullHttpResponse response = exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
        assertEquals("client asked to close", connection.closedBecause());
        FullHttpResponse http10 = exchange("GET / HTTP/1.0\r\n\r\n");
        assertEquals(200, http10.status().code());
    }

    @Test
    public void whileDrainingEachResponseSaysCloseAndTheConnectionCloses() throws Exception {
        connection.setDraining(true);
        handler.draining(connection);
        assertNull("draining alone does not cut the connection", connection.closedBecause());
        FullHttpResponse response = exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(200, response.status().code());
        assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
        assertEquals("worker draining", connection.closedBecause());
    }

    @Test
    public void aMalformedRequestGets400AndClose() throws Exception {
        FullHttpResponse response = exchange("GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n");
        assertEquals(400, response.status().code());
        assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
        assertTrue(connection.closedBecause(), connection.closedBecause().startsWith("bad HTTP request"));
    }

    @Test
    public void aVersionOtherThanHttp1Gets505AndClose() throws Exception {
        FullHttpResponse response = exchange("GET / HTTP/9.9\r\nHost: x\r\n\r\n");
        assertEquals(505, response.status().code());
        assertEquals("answered in the version this server speaks", HttpVersion.HTTP_1_1, response.protocolVersion());
        assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
        assertTrue(connection.closedBecause(), connection.closedBecause().contains("HTTP/9.9"));
        assertEquals("HTTP Version Not Supported\n", body(response));
    }

    @Test
    public void aProtocolOtherThanHttpGets400() throws Exception {
        // Netty's decoder refuses it itself.
        assertEquals(400, exchange("GET / HTTPS/1.1\r\nHost: x\r\n\r\n").status().code());
    }

    @Test
    public void http2OverThisCodecGets505() throws Exception {
        assertEquals(505, exchange("GET / HTTP/2.0\r\nHost: x\r\n\r\n").status().code());
    }

    @Test
    public void aHigherMinorVersionOfHttp1IsAnsweredAsHttp11() throws Exception {
        // RFC 9112 section 2.3: process it as the highest minor version of that major version we support.
        FullHttpResponse response = exchange("GET / HTTP/1.2\r\nHost: x\r\n\r\n");
        assertEquals(200, response.status().code());
        assertEquals(HttpVersion.HTTP_1_1, response.protocolVersion());
        assertNull(connection.closedBecause());
    }

    @Test
    public void chunkedFollowedByAnotherTransferEncodingLineGets400AndClose() throws Exception {
        // RFC 9112 section 6.1: chunked is not the final coding, so the body length is unknown.
        FullHttpResponse response = exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertEquals(400, response.status().code());
        assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
        assertTrue(connection.closedBecause(), connection.closedBecause().contains("chunked"));
        assertNull("the refused request's body is dropped, not handed on", server.readInbound());
    }

    @Test
    public void aTransferEncodingWithoutChunkedGets400() throws Exception {
        assertEquals(400, exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n"
                + "Content-Length: 5\r\n\r\nhello").status().code());
    }

    @Test
    public void chunkedTwiceGets400() throws Exception {
        assertEquals(400, exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").status().code());
    }

    @Test
    public void chunkedWithAContentLengthGets400() throws Exception {
        // Netty's decoder refuses this one itself (RFC 9112 section 6.3).
        assertEquals(400, exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n").status().code());
    }

    @Test
    public void aTransferCodingThisServerDoesNotKnowGets501AndClose() throws Exception {
        FullHttpResponse response = exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n"
                + "\r\n5\r\nhello\r\n0\r\n\r\n");
        assertEquals(501, response.status().code());
        assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
        assertNull(server.readInbound());
        assertEquals("the next request is checked afresh", 200, exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").status().code());
    }

    @Test
    public void aChunkedBodyAloneIsFine() throws Exception {
        assertEquals("reaches the route, which allows GET only", 405, exchange("POST / HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").status().code());
        assertNull(connection.closedBecause());
    }

    @Test
    public void anOverlongRequestLineGets400() throws Exception {
        String uri = "/" + "a".repeat(HelloHttpHandler.MAX_INITIAL_LINE_LENGTH);
        assertEquals(400, exchange("GET " + uri + " HTTP/1.1\r\nHost: x\r\n\r\n").status().code());
    }

    @Test
    public void parsesMillisStrictly() {
        assertEquals(0, HelloRoutes.parseMillis(java.util.List.of("0")));
        assertEquals(60_000, HelloRoutes.parseMillis(java.util.List.of("60000")));
        assertEquals(-1, HelloRoutes.parseMillis(java.util.List.of("1", "2")));
        assertEquals(-1, HelloRoutes.parseMillis(null));
    }

    /** Feeds raw bytes to the server codec, hands what it decodes to the handler, and decodes the reply. */
    private FullHttpResponse exchange(String rawRequest) throws Exception {
        server.writeInbound(Unpooled.copiedBuffer(rawRequest, StandardCharsets.US_ASCII));
        FullHttpRequest request = server.readInbound();
        try {
            handler.handle(connection, request);
        } finally {
            request.release();
        }
        server.flushOutbound();
        EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
        client.writeOutbound(Unpooled.EMPTY_BUFFER); // lets the client codec expect a response
        for (ByteBuf bytes = server.readOutbound(); bytes != null; bytes = server.readOutbound()) {
            client.writeInbound(bytes);
        }
        FullHttpResponse response = client.readInbound();
        assertFalse("one response per request", client.inboundMessages().size() > 0);
        return response;
    }

    private static String body(FullHttpResponse response) {
        try {
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }
}
