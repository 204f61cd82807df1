package org.fdtserver.transaction.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.Test;

/**
 * A PostgreSQL as installed, which allows no prepared transactions (max_prepared_transactions = 0,
 * the server's default): a cluster of its own, since the setting is the whole server's and is
 * read at its start. The worker's start fails saying what to set, and keeps no session open.
 */
public class NoPreparedTransactionsTest {

    @Test
    public void aDatabaseThatAllowsNoPreparedTransactionsIsRefusedSayingWhatToSet() throws Exception {
        Path binaries = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "fdt-test-postgres"));
        try (EmbeddedPostgres plain = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.toFile())
                .setServerConfig("max_prepared_transactions", "0")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + plain.getPort() + "/postgres";
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new Database(TestPostgres.config(url)));
            assertEquals("the database at " + url + " does not allow prepared transactions (max_prepared_transactions = 0);"
                    + " set max_prepared_transactions > 0 in its postgresql.conf and restart it", refused.getMessage());
            await().atMost(Duration.ofSeconds(10)).until(() -> TestPostgres.queryLong(url,
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'fdtserver%'") == 0);
        }
    }
}
