package org.fdtserver.server.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The server engine's configuration (Config Admin PID {@value #PID}), which the worker runtime
 * writes from the launcher's settings before application bundles start. No attribute has a
 * default: the launcher's key catalogue holds them, and the engine requires its configuration.
 * Property names are the method names.
 */
@ObjectClassDefinition(name = "fdtserver server engine", description = "The worker's pool, I/O threads and connection limits")
@interface ServerSettings {

    /** The configuration PID. */
    String PID = "org.fdtserver.server";

    @AttributeDefinition(description = "size of the fixed pool that runs application work")
    int threads();

    @AttributeDefinition(description = "number of Netty event loops for connection I/O")
    int ioThreads();

    @AttributeDefinition(description = "longest frame a codec accepts, in bytes")
    int maxFrameLength();

    @AttributeDefinition(description = "a connection with no traffic either way for this long is closed, in ms; 0 = never")
    long idleTimeoutMillis();

    @AttributeDefinition(description = "connections one worker holds at most; more are closed on accept")
    int maxConnections();

    @AttributeDefinition(description = "how long a draining worker waits for its connections, in ms")
    long gracefulTimeoutMillis();

    @AttributeDefinition(description = "a frame not decoded this long after its first bytes closes its connection, in ms; 0 = never")
    long frameTimeoutMillis();
}
