/**
 * One client connection from accept to close: the Netty pipeline and its adapter, the {@link
 * org.fdtserver.api.Connection} the handler sees, the handler's guarded calls, the worker's
 * tracker of open connections, the work interceptors and the warning throttle. Depends on
 * {@code execution} for where a connection's work runs; knows nothing of listeners' lifecycles.
 */
package org.fdtserver.server.internal.connection;
