package org.fdtserver.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.osgi.framework.Bundle;

/** What the worker's framework stop does when Felix refuses to stop or the wait for it is interrupted (Byteman). */
@RunWith(BMUnitRunner.class)
public class FrameworkBootFaultsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LogCapture log = new LogCapture();

    private FrameworkBoot boot;

    @Before
    public void boot() throws Exception {
        boot = FrameworkBoot.init(tmp.newFolder("cache").toPath());
        assertEquals(List.of(), boot.startSystemBundles(tmp.newFolder("system").toPath()));
    }

    @After
    public void stop() {
        Thread.interrupted();
        boot.stop(5000);
    }

    private int state() {
        return boot.context().getBundle().getState();
    }

    @Test
    @BMRule(name = "the framework refuses to stop",
            targetClass = "org.apache.felix.framework.Felix", targetMethod = "stop()",
            condition = "callerEquals(\"org.fdtserver.runtime.FrameworkBoot.stop\", true, true)",
            action = "throw new org.osgi.framework.BundleException(\"the system bundle refuses to stop\")")
    public void aFrameworkThatFailsToStopIsReported() {
        boot.stop(5000);
        assertTrue(log.lines().toString(), log.lines().contains("WARNING framework stop failed: the system bundle refuses to stop"));
        assertEquals("still running", Bundle.ACTIVE, state());
    }

    @Test
    @BMRule(name = "the wait for the stop is interrupted",
            targetClass = "org.apache.felix.framework.Felix", targetMethod = "waitForStop",
            condition = "callerEquals(\"org.fdtserver.runtime.FrameworkBoot.stop\", true, true)",
            action = "throw new InterruptedException()")
    public void anInterruptedWaitForTheStopReturnsAtOnceKeepingTheInterrupt() {
        boot.stop(5000);
        assertTrue("the caller's thread is still interrupted", Thread.interrupted());
        // the stop itself goes on: a stopped framework has no context any more
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> boot.context() == null);
    }
}
