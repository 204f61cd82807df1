package org.fdtserver.runtime.logging;

import static org.junit.Assert.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.Test;

public class ProcessLogFormatterTest {

    @Test
    public void tagsTheLineWithProcessAndPid() {
        LogRecord record = new LogRecord(Level.WARNING, "hello {0}");
        record.setParameters(new Object[] {"world"});
        record.setLoggerName("org.fdtserver.Thing");
        String line = new ProcessLogFormatter("worker 1.0").format(record);
        assertTrue(line, line.contains("WARNING [worker 1.0 pid " + ProcessHandle.current().pid() + "] Thing: hello world\n"));
    }

    @Test
    public void appendsTheStackTrace() {
        LogRecord record = new LogRecord(Level.SEVERE, "boom");
        record.setThrown(new IllegalStateException("why"));
        String line = new ProcessLogFormatter("launcher").format(record);
        assertTrue(line, line.contains("java.lang.IllegalStateException: why"));
    }
}
