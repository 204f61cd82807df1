package org.fdtserver.runtime.protocol;

/**
 * The server engine's settings for one generation, validated by the launcher; the runtime writes
 * them to the engine's Config Admin configuration.
 *
 * @param threads size of the fixed pool that runs application work
 * @param ioThreads number of Netty event loops for connection I/O
 * @param maxFrameLength longest frame a codec accepts, in bytes
 * @param idleTimeoutMillis a connection with no traffic either way for this long is closed; 0 = never
 * @param maxConnections connections one worker holds at most
 * @param gracefulTimeoutMillis how long a draining worker waits for its connections
 * @param frameTimeoutMillis how long a started frame may take to arrive whole; 0 = no limit
 */
public record EngineSettings(int threads, int ioThreads, int maxFrameLength, long idleTimeoutMillis,
        int maxConnections, long gracefulTimeoutMillis, long frameTimeoutMillis) {
}
