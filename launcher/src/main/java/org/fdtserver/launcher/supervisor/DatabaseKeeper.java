package org.fdtserver.launcher.supervisor;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded database running: after each death it is restarted with the backoff a
 * worker slot gets ({@link RespawnPolicy}: at once, then 1 s doubling to 30 s while it keeps
 * dying within 10 s), and never given up, since nothing transactional serves without it.
 */
final class DatabaseKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseKeeper.class);

    private final RestartableDatabase database;
    private final RespawnPolicy backoff = new RespawnPolicy();
    private long startedAtMillis;
    private long restartAtMillis = -1;

    DatabaseKeeper(RestartableDatabase database, long nowMillis) {
        this.database = database;
        this.startedAtMillis = nowMillis;
    }

    /** It died (or could not be started): schedule the next start. */
    void died(String what, long nowMillis) {
        long delay = backoff.onDeath(nowMillis - startedAtMillis, true).orElseThrow();
        restartAtMillis = nowMillis + delay;
        LOG.warn("{}; restarting it in {} ms on the same port", what, delay);
    }

    /** Starts it again once its delay has passed. */
    void restartIfDue(long nowMillis) {
        if (restartAtMillis < 0 || nowMillis < restartAtMillis) {
            return;
        }
        restartAtMillis = -1;
        startedAtMillis = nowMillis;
        try {
            database.restart();
        } catch (IOException e) {
            died("cannot restart the embedded PostgreSQL: " + e.getMessage(), nowMillis);
        }
    }
}
