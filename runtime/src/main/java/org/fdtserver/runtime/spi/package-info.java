/**
 * The contract between the worker runtime (outside the framework) and the server bundle (inside
 * it). The runtime's class path carries this package and the system bundle exports it, so both
 * sides see the same classes. Applications never use it: they compile against
 * {@code org.fdtserver.api} only.
 */
@Export
@Version("1.4.0")
package org.fdtserver.runtime.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
