package org.fdtserver.runtime.logging;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Points java.util.logging, and so slf4j, at standard output with the process tag. */
public final class ProcessLogging {

    private ProcessLogging() {
    }

    /**
     * Replaces the root logger's handlers with one that writes tagged lines to standard output.
     *
     * @param tag names this process in every line
     * @param level the root level's name (a {@link Level} name such as INFO or FINE)
     * @throws IllegalArgumentException if the level name is unknown
     */
    public static void configure(String tag, String level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.parse(level.toUpperCase(java.util.Locale.ROOT)));
        root.addHandler(new StdoutHandler(new ProcessLogFormatter(tag), System.out));
        // Netty and Felix are chatty below INFO; keep their debug out unless asked for.
        if (root.getLevel().intValue() >= Level.INFO.intValue()) {
            Logger.getLogger("io.netty").setLevel(Level.INFO);
        }
    }

    /** Writes each record whole and flushes, so lines of several processes do not interleave mid-line. */
    private static final class StdoutHandler extends Handler {
        private final PrintStream out;

        StdoutHandler(ProcessLogFormatter formatter, PrintStream out) {
            this.out = out;
            setFormatter(formatter);
        }

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                String line = getFormatter().format(record);
                synchronized (out) {
                    out.print(line);
                    out.flush();
                }
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
