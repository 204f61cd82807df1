package org.fdtserver.launcher.control;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import org.fdtserver.launcher.LogCapture;
import org.fdtserver.runtime.protocol.ControlMessage;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;

/** Faults the operating system can throw at the control socket, injected with Byteman. */
@RunWith(BMUnitRunner.class)
public class ControlServerFaultsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LogCapture log = new LogCapture();

    private static final ControlListener IGNORE = new ControlListener() {
        @Override
        public void received(ControlConnection from, ControlMessage message) {
        }

        @Override
        public void closed(ControlConnection connection) {
        }
    };

    @Test
    @BMRule(name = "socket file cannot be removed",
            targetClass = "java.nio.file.Files", targetMethod = "deleteIfExists",
            condition = "callerEquals(\"org.fdtserver.launcher.control.ControlServer.close\", true, true)",
            action = "throw new java.nio.file.AccessDeniedException($1.toString())")
    public void aSocketFileThatCannotBeRemovedIsReported() throws Exception {
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        ControlServer.start(socket, IGNORE).close();
        assertTrue(log.lines().toString(), log.has("cannot remove " + socket));
    }
}
