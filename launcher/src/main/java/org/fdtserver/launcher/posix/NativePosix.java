package org.fdtserver.launcher.posix;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.util.DefaultPOSIXHandler;

/** The one native POSIX binding of the launcher; fails fast where no native libc can be loaded. */
public final class NativePosix {

    private static volatile POSIX posix;

    private NativePosix() {
    }

    /**
     * @return the native binding
     * @throws IllegalStateException if only jnr-posix's pure-Java fallback is available, which
     *     cannot spawn with file actions or duplicate descriptors
     */
    public static POSIX get() {
        POSIX p = posix;
        if (p == null) {
            p = POSIXFactory.getNativePOSIX(new DefaultPOSIXHandler());
            if (!p.isNative()) {
                throw new IllegalStateException("jnr-posix could not load the native C library; the launcher needs it");
            }
            posix = p;
        }
        return p;
    }
}
