package org.fdtserver.itests.paxexam;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.fdtserver.itests.process.FreePorts;
import org.fdtserver.runtime.spi.ComponentCheck;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.ServingEngine;
import org.fdtserver.runtime.spi.WorkerContext;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The real bundle set inside a real Felix: everything resolves and is active, and the server
 * engine serves the echo and http examples once the test, playing the worker runtime, gives it
 * its listeners.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerInFelixIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The engine's configuration, as the runtime writes it for a worker. */
    private static final Map<String, Object> SETTINGS = Map.of("threads", 4, "ioThreads", 1, "maxFrameLength", 4096,
            "idleTimeoutMillis", 10_000L, "maxConnections", 100, "gracefulTimeoutMillis", 5_000L, "frameTimeoutMillis", 30_000L);

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return FdtOptions.installation();
    }

    @Test
    public void everyBundleOfTheInstallationIsActiveAndFragmentsResolved() {
        List<String> wrong = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getBundleId() != 0 && b.getState() != expected) {
                wrong.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue("bundles not started: " + wrong, wrong.isEmpty());
        for (String bsn : List.of("org.fdtserver.api", "org.fdtserver.server", "org.fdtserver.shell",
                "org.fdtserver.example.echo", "org.fdtserver.example.http", "org.apache.felix.scr",
                "org.apache.aries.transaction.manager", "org.postgresql.jdbc")) {
            assertTrue(bsn + " installed", List.of(context.getBundles()).stream().anyMatch(b -> bsn.equals(b.getSymbolicName())));
        }
    }

    /** The check learns of a component that fails after it was armed from SCR's change count alone. */
    @Test
    public void theComponentCheckReportsAComponentThatFailsAfterItWasArmed() throws Exception {
        ServiceTracker<ComponentCheck, ComponentCheck> checks = new ServiceTracker<>(context, ComponentCheck.class, null);
        checks.open();
        ServiceRegistration<WorkerContext> registration = null;
        org.osgi.service.cm.Configuration settings = null;
        try {
            CompletableFuture<List<String>> problems = checks.waitForService(DEADLINE.toMillis()).problems().toCompletableFuture();
            assertFalse("nothing has failed yet: " + problems.getNow(null), problems.isDone());
            ListenerSpec echo = new ListenerSpec("echo", "127.0.0.1", FreePorts.pick(), ListenerSpec.BIND_HERE);
            settings = Configurations.writeOnce(context, "org.fdtserver.server", SETTINGS);
            registration = context.registerService(WorkerContext.class, new WorkerContext("0.0", 0, List.of(echo, echo)), null);
            String reported = String.join("; ", problems.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            assertThat(reported, containsString("component org.fdtserver.server.internal.ServerEngine of org.fdtserver.server"));
            assertThat(reported, containsString("failed to activate"));
            assertThat(reported, containsString("listener echo is configured twice"));
        } finally {
            if (registration != null) {
                registration.unregister();
            }
            if (settings != null) {
                settings.delete();
            }
            checks.close();
        }
    }

    @Test
    public void engineServesEchoAndHttpOnceGivenItsListeners() throws Exception {
        int echo = FreePorts.pick();
        int http = FreePorts.pick();
        WorkerContext worker = new WorkerContext("0.0", 0,
                List.of(new ListenerSpec("echo", "127.0.0.1", echo, ListenerSpec.BIND_HERE),
                        new ListenerSpec("http", "127.0.0.1", http, ListenerSpec.BIND_HERE)));
        org.osgi.service.cm.Configuration settings = Configurations.writeOnce(context, "org.fdtserver.server", SETTINGS);
        ServiceRegistration<WorkerContext> registration = context.registerService(WorkerContext.class, worker, null);
        ServiceTracker<ServingEngine, ServingEngine> engines = new ServiceTracker<>(context, ServingEngine.class, null);
        engines.open();
        try {
            ServingEngine engine = engines.waitForService(DEADLINE.toMillis());
            Conditions.await("handlers bound", DEADLINE, () -> engine.listeners().values().stream()
                    .allMatch(s -> s == ListenerState.HANDLER_BOUND));
            engine.startAccepting();
            assertEquals(Map.of("echo", ListenerState.ACCEPTING, "http", ListenerState.ACCEPTING), engine.listeners());
            assertEquals(4, engine.poolThreads());

            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", echo), 10_000);
                s.getOutputStream().write("inside felix\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("inside felix", new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", http), 10_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer, answer.startsWith("HTTP/1.1 200"));
                assertTrue(answer, answer.endsWith("Hello, world!\n"));
            }

            engine.drain().toCompletableFuture().get();
            assertEquals(Map.of("echo", ListenerState.CLOSED, "http", ListenerState.CLOSED), engine.listeners());
        } finally {
            engines.close();
            registration.unregister();
            settings.delete();
        }
    }
}
