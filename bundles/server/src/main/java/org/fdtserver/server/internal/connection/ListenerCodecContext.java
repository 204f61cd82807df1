package org.fdtserver.server.internal.connection;

import org.fdtserver.api.CodecContext;

/**
 * The {@link CodecContext} of one listener's connections.
 *
 * @param listener the listener's name
 * @param maxFrameLength the longest frame its codecs accept, in bytes
 */
record ListenerCodecContext(String listener, int maxFrameLength) implements CodecContext {
}
