package org.fdtserver.itests.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Plain-socket clients for the example protocols; no pooling, so no connection outlives a call. */
public final class Clients {

    private static final int TIMEOUT_MILLIS = 30_000;

    private Clients() {
    }

    /**
     * @param port the port on 127.0.0.1
     * @return a connected socket with a read timeout
     * @throws IOException if the connect fails (refused, for instance)
     */
    public static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        s.setSoTimeout(TIMEOUT_MILLIS);
        return s;
    }

    /**
     * Sends one line to the echo listener and reads the answer.
     *
     * @param port the echo port
     * @param line the line
     * @return the line echoed, or null if the server closed the connection
     * @throws IOException on a socket error
     */
    public static String echo(int port, String line) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** An HTTP response as a client sees it. */
    public record HttpResponse(int status, String headers, String body) {
    }

    /**
     * Sends {@code GET path} with {@code Connection: close} and reads the whole response.
     *
     * @param port the http port
     * @param path the path
     * @return the response
     * @throws IOException on a socket error
     */
    public static HttpResponse get(int port, String path) throws IOException {
        try (Socket s = connect(port)) {
            return get(s, path);
        }
    }

    /**
     * Sends {@code GET path} with {@code Connection: close} on an open socket.
     *
     * @param s the connected socket
     * @param path the path
     * @return the response
     * @throws IOException on a socket error
     */
    public static HttpResponse get(Socket s, String path) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int split = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.1 ") || split < 0) {
            throw new IOException("not an HTTP response: '" + raw + "'");
        }
        return new HttpResponse(Integer.parseInt(raw.substring(9, 12)), raw.substring(0, split), raw.substring(split + 4));
    }
}
