package org.fdtserver.server.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.netty.channel.ChannelPipeline;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.WorkerContext;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMRules;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;

/** What the engine does on a machine where Netty cannot load its native epoll transport (made so with Byteman). */
@RunWith(BMUnitRunner.class)
public class ServerEngineFaultsTest {

    private static final String CAUSE = "java.lang.UnsatisfiedLinkError: could not load netty_transport_native_epoll_x86_64";

    @Rule
    public LogCapture log = new LogCapture(ServerEngine.class);

    private ServerEngine engine;

    @After
    public void stop() {
        engine.deactivate();
    }

    @Test
    @BMRules(rules = {
        @BMRule(name = "epoll is unavailable",
                targetClass = "io.netty.channel.epoll.Epoll", targetMethod = "isAvailable",
                condition = "callerEquals(\"org.fdtserver.server.internal.ServerEngine.eventLoops\", true, true)",
                action = "return false"),
        @BMRule(name = "because its native library does not load",
                targetClass = "io.netty.channel.epoll.Epoll", targetMethod = "unavailabilityCause",
                condition = "callerEquals(\"org.fdtserver.server.internal.ServerEngine.eventLoops\", true, true)",
                action = "return new UnsatisfiedLinkError(\"could not load netty_transport_native_epoll_x86_64\")")
    })
    public void withoutEpollTheEngineRefusesToAcceptNamingWhy() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        engine = new ServerEngine(new WorkerContext("1.0", 1, List.of(new ListenerSpec("lines", "127.0.0.1", port, ListenerSpec.BIND_HERE))),
                TestSettings.of(1, 1, 100, 0, 100, 1_000));
        engine.bindHandler(new NoHandler(), Map.of(ProtocolHandler.LISTENER, "lines"));

        IllegalStateException e = assertThrows(IllegalStateException.class, engine::startAccepting);
        assertEquals("the native epoll transport is unavailable: " + CAUSE, e.getMessage());
        assertEquals(CAUSE, String.valueOf(e.getCause()));
        assertTrue(log.lines().toString(), log.lines().contains("SEVERE the native epoll transport is unavailable"));
        assertEquals("nothing accepts", ListenerState.HANDLER_BOUND, engine.listeners().get("lines"));
        try (Socket client = new Socket()) {
            assertThrows(ConnectException.class, () -> client.connect(new InetSocketAddress("127.0.0.1", port), 5_000));
        }
    }

    /** A handler the test never reaches: no connection is accepted. */
    private static final class NoHandler implements ProtocolHandler {
        @Override
        public void initCodec(ChannelPipeline pipeline, CodecContext context) {
        }

        @Override
        public void handle(Connection connection, Object message) {
        }
    }
}
