package org.fdtserver.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.rules.ExternalResource;

/**
 * Collects what the runtime logs (slf4j over java.util.logging) while a test runs, as the
 * operator would read it: {@code LEVEL message}, the message formatted; debug lines too.
 */
final class LogCapture extends ExternalResource {

    /** Held strongly: java.util.logging keeps only weak references to its loggers. */
    private final Logger logger = Logger.getLogger("org.fdtserver.runtime");
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

    /** @return whether a line was logged that contains {@code text} */
    boolean has(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }
}
