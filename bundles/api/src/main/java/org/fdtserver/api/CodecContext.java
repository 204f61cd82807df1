package org.fdtserver.api;

import org.osgi.annotation.versioning.ProviderType;

/** What the server tells a codec about the connection it is built for. */
@ProviderType
public interface CodecContext {

    /** @return the name of the listener the connection arrived on */
    String listener();

    /**
     * @return the longest frame (line, header block or message) the codec may accept, in bytes;
     *     a longer one must fail decoding, which closes the connection with the reason logged
     */
    int maxFrameLength();
}
