/**
 * Where work runs: the worker's application pool, each listener's share of it, and each
 * connection's executor (serial order, inline or pool, water marks, held writes). Depends on no
 * other package of the engine.
 */
package org.fdtserver.server.internal.execution;
