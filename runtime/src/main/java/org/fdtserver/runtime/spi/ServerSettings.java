package org.fdtserver.runtime.spi;

/**
 * The server engine's settings, from the launcher's configuration.
 *
 * @param threads size of the fixed pool that runs application work
 * @param ioThreads number of Netty event loops for connection I/O
 * @param maxFrameLength longest frame a codec accepts, in bytes
 * @param idleTimeoutMillis a connection with no traffic either way for this long is closed; 0 = never
 * @param maxConnections connections one worker holds at most; more are closed on accept
 * @param gracefulTimeoutMillis how long a draining worker waits for its connections
 * @param frameTimeoutMillis a frame (a request, for most protocols) whose first bytes arrived this
 *     long ago and that the codec has not decoded yet closes its connection; 0 = never
 */
public record ServerSettings(
        int threads,
        int ioThreads,
        int maxFrameLength,
        long idleTimeoutMillis,
        int maxConnections,
        long gracefulTimeoutMillis,
        long frameTimeoutMillis) {

    /** The frame timeout of the shipped configuration. */
    public static final long DEFAULT_FRAME_TIMEOUT_MILLIS = 30_000;

    /** The defaults of the shipped configuration. */
    public static final ServerSettings DEFAULTS =
            new ServerSettings(16, 1, 65536, 60_000, 10_000, 30_000, DEFAULT_FRAME_TIMEOUT_MILLIS);

    /** Checks the values. */
    public ServerSettings {
        positive("threads", threads);
        positive("ioThreads", ioThreads);
        positive("maxFrameLength", maxFrameLength);
        positive("maxConnections", maxConnections);
        if (idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("idleTimeoutMillis must be >= 0, was " + idleTimeoutMillis);
        }
        if (gracefulTimeoutMillis < 0) {
            throw new IllegalArgumentException("gracefulTimeoutMillis must be >= 0, was " + gracefulTimeoutMillis);
        }
        if (frameTimeoutMillis < 0) {
            throw new IllegalArgumentException("frameTimeoutMillis must be >= 0, was " + frameTimeoutMillis);
        }
    }

    /** Settings with the default frame timeout (spi 1.2 and earlier had none). */
    public ServerSettings(int threads, int ioThreads, int maxFrameLength, long idleTimeoutMillis, int maxConnections,
            long gracefulTimeoutMillis) {
        this(threads, ioThreads, maxFrameLength, idleTimeoutMillis, maxConnections, gracefulTimeoutMillis,
                DEFAULT_FRAME_TIMEOUT_MILLIS);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }
}
