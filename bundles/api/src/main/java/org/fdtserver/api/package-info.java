/**
 * The fdtserver application API: what a handler bundle implements and what the server hands it.
 *
 * <p>An application serves a listener by registering a {@link org.fdtserver.api.ProtocolHandler}
 * Declarative Services component whose {@value org.fdtserver.api.ProtocolHandler#LISTENER}
 * property names the listener from the server configuration.
 */
@Export
@Version("1.0.0")
package org.fdtserver.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
