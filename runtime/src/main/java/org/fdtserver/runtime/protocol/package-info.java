/**
 * What the launcher and its workers agree on: the worker spec file the launcher writes for each
 * generation, and the line messages they exchange over the launcher's control socket.
 */
package org.fdtserver.runtime.protocol;
