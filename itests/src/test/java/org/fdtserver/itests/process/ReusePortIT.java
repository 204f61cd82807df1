package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The optional reuseport mode: the launcher holds no socket for the listener, each worker binds its
 * own SO_REUSEPORT socket on the same address, and the kernel spreads connections over them.
 */
public class ReusePortIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyWorkerBindsItsOwnSocketAndServesThroughAReload() throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath()).set("listener.http.reuseport", "true");
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            List<Long> workers = server.awaitReadyWorkers(2);
            server.awaitLine("accepting on /127.0.0.1:" + config.httpPort() + " (reuseport)");
            Set<Long> seen = new HashSet<>();
            await("responses from both workers " + workers).atMost(ServerProcess.DEADLINE).until(() -> {
                seen.add(Long.parseLong(Clients.get(config.httpPort(), "/pid").body().trim()));
                return seen.containsAll(workers);
            });
            assertEquals("the shared listener still works beside it", "hello", Clients.echo(config.echoPort(), "hello"));

            Cli.Result reload = Cli.run(config, "reload");
            assertEquals(reload.output(), 0, reload.exitCode());
            await("the new generation serves").atMost(ServerProcess.DEADLINE).ignoreExceptions()
                    .until(() -> server.readyWorkerPids().stream().noneMatch(workers::contains));
            assertEquals(200, Clients.get(config.httpPort(), "/").status());
        }
    }
}
