package org.fdtserver.shell.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.rules.ExternalResource;

/** What the shell logs during a test, as {@code LEVEL message}, debug lines too (slf4j goes to JUL in the tests). */
final class LogCapture extends ExternalResource {

    /** Held strongly: java.util.logging keeps only weak references to its loggers. */
    private final Logger logger = Logger.getLogger("org.fdtserver.shell");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level level;

    @Override
    protected void before() {
        level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @Override
    protected void after() {
        logger.removeHandler(handler);
        logger.setLevel(level);
    }

    /** @return the lines logged so far */
    List<String> lines() {
        return List.copyOf(lines);
    }
}
