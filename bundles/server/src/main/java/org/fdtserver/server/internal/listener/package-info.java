/**
 * The configured listeners: each one's state and handler ({@link
 * org.fdtserver.server.internal.listener.ListenerSlot}), which bound handler serves which
 * listener, and opening a listener's server channel. Depends on {@code connection} (a listener's
 * channel creates connections), never the other way round.
 */
package org.fdtserver.server.internal.listener;
