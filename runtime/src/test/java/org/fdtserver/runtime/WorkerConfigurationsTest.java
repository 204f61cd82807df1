package org.fdtserver.runtime;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fdtserver.runtime.protocol.DatabaseSettings;
import org.fdtserver.runtime.protocol.EngineSettings;
import org.fdtserver.runtime.protocol.ListenerBinding;
import org.fdtserver.runtime.protocol.WorkerSpec;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.WorkerContext;
import org.junit.Test;

public class WorkerConfigurationsTest {

    private static final Path RUN = Path.of("/srv/fdt/run");

    private static WorkerSpec spec(Optional<DatabaseSettings> database) {
        return new WorkerSpec(3, RUN.resolve("control.sock"), RUN, Path.of("/srv/fdt/system"), RUN.resolve("b"),
                Path.of("/srv/fdt/data/cache"), List.of(new ListenerBinding("echo", "127.0.0.1", 7000, 3, false, 2, 0)),
                new EngineSettings(8, 2, 1024, 5000, 100, 30_000, 2500), database, "INFO");
    }

    @Test
    public void theEngineAndTheShellAreConfiguredForTheWorker() {
        Map<String, Map<String, Object>> all = WorkerConfigurations.of(spec(Optional.empty()), "3.1");
        assertEquals(List.of("org.fdtserver.server", "org.fdtserver.shell"), List.copyOf(all.keySet()));
        assertEquals(Map.of("threads", 8, "ioThreads", 2, "maxFrameLength", 1024, "idleTimeoutMillis", 5000L,
                "maxConnections", 100, "gracefulTimeoutMillis", 30_000L, "frameTimeoutMillis", 2500L),
                all.get("org.fdtserver.server"));
        assertEquals(Map.of("socket", "/srv/fdt/run/shell-3.1.sock"), all.get("org.fdtserver.shell"));
    }

    @Test
    public void theTransactionBindingIsConfiguredOnlyWithADatabase() {
        DatabaseSettings db = new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/app", "app", "pw", 4, 60_000, 300_000);
        Map<String, Object> tx = WorkerConfigurations.of(spec(Optional.of(db)), "3.1").get("org.fdtserver.transaction");
        assertEquals(Map.of("database.url", "jdbc:postgresql://127.0.0.1:5432/app", "database.user", "app",
                "database.password", "pw", "database.pool_size", 4, "transaction.timeout_ms", 60_000L,
                "transaction.indoubt_warning_ms", 300_000L, "worker.id", "3.1", "generation", 3L), tx);
    }

    @Test
    public void theWorkerContextCarriesTheListenersAsTheSpiNamesThem() {
        WorkerContext context = WorkerContexts.of(spec(Optional.empty()), "3.1");
        assertEquals(new WorkerContext("3.1", 3, List.of(new ListenerSpec("echo", "127.0.0.1", 7000, 3, false, 2, 0))),
                context);
    }
}
