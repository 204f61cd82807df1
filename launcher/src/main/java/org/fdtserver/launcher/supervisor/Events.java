package org.fdtserver.launcher.supervisor;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fdtserver.launcher.control.ControlConnection;
import org.fdtserver.launcher.control.ControlListener;
import org.fdtserver.runtime.protocol.ControlMessage;

/** The supervisor's event queue; everything other threads learn only goes in here. */
public final class Events implements ControlListener {

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    /** @param event the event to handle on the supervisor thread */
    public void post(Event event) {
        queue.add(event);
    }

    /**
     * @param timeoutMillis how long to wait
     * @return the next event, or null if none came in time
     */
    Event poll(long timeoutMillis) {
        try {
            return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void received(ControlConnection from, ControlMessage message) {
        post(new Event.MessageReceived(from, message));
    }

    @Override
    public void closed(ControlConnection connection) {
        post(new Event.Disconnected(connection));
    }
}
