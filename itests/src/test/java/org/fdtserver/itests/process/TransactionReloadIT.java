package org.fdtserver.itests.process;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A reload while a client holds a PREPARED branch on an old-generation worker: the new generation
 * takes over new connections, the old worker waits for the client, the client commits on the
 * same connection, and only then does the old worker exit.
 */
public class TransactionReloadIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aDrainingWorkerWaitsForItsPreparedBranchToBeCommitted() throws Exception {
        String db = TestDatabase.newDatabase("reload");
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath()).withLedger(db).set("workers", "1");
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            long oldWorker = server.awaitReadyWorkers(1).get(0);
            try (LedgerClient client = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK 1000", client.ask("CREDIT hup 1000"));
                assertEquals("OK BEGIN ghup", client.ask("BEGIN ghup"));
                assertEquals("OK 600", client.ask("DEBIT hup 400"));
                assertEquals("OK PREPARED", client.ask("PREPARE"));

                Process reload = Installation.commandLine("reload", "--config",
                        config.dir().resolve("fdtserver.properties").toString()).redirectErrorStream(true).start();
                String said = new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(reload.waitFor(ServerProcess.DEADLINE.toSeconds(), TimeUnit.SECONDS));
                assertEquals(said, 0, reload.exitValue());

                List<Long> serving = server.awaitReadyWorkers(1);
                assertTrue("a new worker serves", !serving.contains(oldWorker));
                try (LedgerClient fresh = new LedgerClient(config.ledgerPort())) {
                    assertEquals("the row is still locked by the prepared branch, so read the committed value",
                            "OK 1000", fresh.ask("BALANCE hup"));
                }
                assertTrue("the old worker waits for its prepared branch", ServerProcess.alive(oldWorker));
                assertEquals("OK PREPARED ghup", client.ask("STATE"));
                assertEquals("OK COMMITTED", client.ask("COMMIT"));
                assertNull("closed once its transaction is over", client.readLine());
            }
            await("the old worker exits").atMost(ServerProcess.DEADLINE).until(() -> !ServerProcess.alive(oldWorker));
            assertEquals(600, TestDatabase.queryLong(db, "SELECT balance FROM ledger_accounts WHERE id = 'hup'"));
            assertEquals(0, TestDatabase.queryLong(db,
                    "SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"));
        }
    }
}
