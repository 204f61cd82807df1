package org.fdtserver.server.internal;

import java.lang.annotation.Annotation;

/** Engine settings for unit tests, as DS would make them from the {@code org.fdtserver.server} configuration. */
final class TestSettings {

    private TestSettings() {
    }

    /** Settings with a frame timeout of 30 s. */
    static ServerSettings of(int threads, int ioThreads, int maxFrameLength, long idleTimeoutMillis, int maxConnections,
            long gracefulTimeoutMillis) {
        return of(threads, ioThreads, maxFrameLength, idleTimeoutMillis, maxConnections, gracefulTimeoutMillis, 30_000);
    }

    static ServerSettings of(int threads, int ioThreads, int maxFrameLength, long idleTimeoutMillis, int maxConnections,
            long gracefulTimeoutMillis, long frameTimeoutMillis) {
        return new ServerSettings() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ServerSettings.class;
            }

            @Override
            public int threads() {
                return threads;
            }

            @Override
            public int ioThreads() {
                return ioThreads;
            }

            @Override
            public int maxFrameLength() {
                return maxFrameLength;
            }

            @Override
            public long idleTimeoutMillis() {
                return idleTimeoutMillis;
            }

            @Override
            public int maxConnections() {
                return maxConnections;
            }

            @Override
            public long gracefulTimeoutMillis() {
                return gracefulTimeoutMillis;
            }

            @Override
            public long frameTimeoutMillis() {
                return frameTimeoutMillis;
            }
        };
    }
}
