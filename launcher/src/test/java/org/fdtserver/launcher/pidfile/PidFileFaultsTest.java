package org.fdtserver.launcher.pidfile;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

/** Faults the file system can throw at the pid file, injected with Byteman. */
@RunWith(BMUnitRunner.class)
public class PidFileFaultsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    @BMRule(name = "the pid file cannot be removed",
            targetClass = "java.nio.file.Files", targetMethod = "deleteIfExists",
            condition = "callerEquals(\"org.fdtserver.launcher.pidfile.PidFile.remove\", true, true)",
            action = "throw new java.nio.file.AccessDeniedException($1.toString())")
    public void aPidFileThatCannotBeRemovedAtExitIsLeftForThePidCheck() throws Exception {
        PidFile pidFile = new PidFile(tmp.getRoot().toPath().resolve("fdtserver.pid"));
        pidFile.write();
        pidFile.remove(); // the launcher is exiting: nothing to report to
        assertEquals("left, naming this process; the next start checks whether it lives",
                OptionalLong.of(ProcessHandle.current().pid()), pidFile.read());
    }
}
