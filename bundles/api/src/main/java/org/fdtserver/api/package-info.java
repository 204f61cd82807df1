/**
 * The fdtserver application API: what a handler bundle implements and what the server hands it.
 *
 * <p>An application serves a listener by registering a {@link org.fdtserver.api.ProtocolHandler}
 * Declarative Services component whose {@value org.fdtserver.api.ProtocolHandler#LISTENER}
 * property names the listener from the server configuration.
 *
 * <p>1.1: {@link org.fdtserver.api.ProtocolHandler#NON_BLOCKING} and
 * {@link org.fdtserver.api.ProtocolHandler#blocks}, to run a non-blocking handler on the I/O thread.
 */
@Export
@Version("1.1.0")
package org.fdtserver.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
