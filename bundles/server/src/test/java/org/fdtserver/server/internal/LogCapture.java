package org.fdtserver.server.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.rules.ExternalResource;

/** The lines one class logs during a test, as {@code LEVEL message} (slf4j goes to JUL in the tests). */
public final class LogCapture extends ExternalResource {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** @param logging the class whose logger to listen to */
    public LogCapture(Class<?> logging) {
        this(logging.getName());
    }

    /** @param loggerName the logger to listen to, for a class the test cannot name */
    public LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
    }

    @Override
    public void before() {
        logger.addHandler(handler);
    }

    @Override
    public void after() {
        logger.removeHandler(handler);
    }

    /** @return the lines logged so far */
    public List<String> lines() {
        return lines;
    }

    /** @return whether some line starts with {@code prefix} */
    public boolean has(String prefix) {
        return lines.stream().anyMatch(l -> l.startsWith(prefix));
    }
}
