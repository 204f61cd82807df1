/**
 * Hooks for framework extensions that run inside the server engine's units of work, such as the
 * transaction binding. Applications compile against {@code org.fdtserver.api} and
 * {@code org.fdtserver.api.tx} only.
 */
@Export
@Version("1.0.0")
package org.fdtserver.api.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
