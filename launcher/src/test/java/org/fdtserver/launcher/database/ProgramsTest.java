package org.fdtserver.launcher.database;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.Test;

public class ProgramsTest {

    @Test
    public void theOutputOfAProgramThatSucceeds() throws Exception {
        assertEquals("in: hello", Programs.run(List.of("sh", "-c", "read x; echo \"in: $x\""), "hello\n"));
    }

    @Test
    public void aProgramThatFailsIsReportedWithItsOutput() {
        IOException e = assertThrows(IOException.class, () -> Programs.run(List.of("sh", "-c", "echo broken >&2; exit 3"), ""));
        assertEquals("'sh -c echo broken >&2; exit 3' failed (exit code 3): broken", e.getMessage());
    }
}
