package org.fdtserver.server.internal.connection;

/**
 * The limits every connection of this worker gets, from the engine's configuration.
 *
 * @param maxFrameLength the longest frame a codec may accept, in bytes
 * @param idleTimeoutMillis how long a connection may be idle; 0 = no limit
 * @param frameTimeoutMillis how long a frame may take to arrive whole; 0 = no limit
 */
public record FrameLimits(int maxFrameLength, long idleTimeoutMillis, long frameTimeoutMillis) {
}
