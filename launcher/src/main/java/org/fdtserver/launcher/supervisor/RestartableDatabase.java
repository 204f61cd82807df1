package org.fdtserver.launcher.supervisor;

import java.io.IOException;

/** The embedded database as the supervisor sees it: a process to start again after it died. */
public interface RestartableDatabase {

    /**
     * Starts it again on the same port; returns once its process runs, before it accepts connections.
     *
     * @throws IOException if its process cannot be started
     */
    void restart() throws IOException;
}
