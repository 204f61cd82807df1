package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThat;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The default an operator gets with no database configured: the launcher runs its own PostgreSQL
 * under the data directory, and what it holds — balances and a prepared, in-doubt branch —
 * outlives a stop and start of the whole server.
 */
public class EmbeddedDatabaseIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void theLaunchersOwnDatabaseKeepsDataAndInDoubtBranchesAcrossARestart() throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath()).withLedger("");
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(2);
            server.awaitLine("embedded PostgreSQL started");
            try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK 1234", c.ask("CREDIT kept 1234"));
                assertEquals("OK BEGIN gkept", c.ask("BEGIN gkept"));
                assertEquals("OK 1200", c.ask("DEBIT kept 34"));
                assertEquals("OK PREPARED", c.ask("PREPARE"));
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit());
            assertThat(server.tail(), containsString("embedded PostgreSQL stopped"));
        }
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(2);
            try (LedgerClient c = new LedgerClient(config.ledgerPort())) {
                assertEquals("OK 1234", c.ask("BALANCE kept"));
                assertThat(c.ask("RECOVER"), containsString("INDOUBT gkept "));
                assertEquals("OK COMMITTED 1", c.ask("COMMIT-PREPARED gkept"));
                assertEquals("OK 1200", c.ask("BALANCE kept"));
            }
        }
    }
}
