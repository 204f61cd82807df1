package org.fdtserver.launcher.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.Test;

public class DatabaseConfigTest {

    private static final Path FILE = Path.of("config/x.properties");

    @Test
    public void defaultsMeanTheEmbeddedDatabase() throws Exception {
        DatabaseConfig c = DatabaseConfig.parse(FILE, new Properties());
        assertTrue(c.embedded());
        assertEquals("postgres", c.user());
        assertEquals(8, c.poolSize());
        assertEquals(Duration.ofSeconds(60), c.timeout());
        assertEquals(Duration.ofMinutes(5), c.inDoubtWarning());
        assertEquals("a free port", 0, c.embeddedPort());
    }

    @Test
    public void theEmbeddedPortIsAPort() throws Exception {
        assertEquals(5433, DatabaseConfig.parse(FILE, props("database.embedded_port", " 5433 ")).embeddedPort());
        assertEquals(65535, DatabaseConfig.parse(FILE, props("database.embedded_port", "65535")).embeddedPort());
        for (String bad : new String[] {"x", "-1", "65536"}) {
            assertEquals("config/x.properties: key 'database.embedded_port': expected a port 1..65535, or 0 for a free"
                    + " one, got '" + bad + "'", rejected("database.embedded_port", bad));
        }
    }

    @Test
    public void onlyAnEmptyUrlMeansEmbeddedAndOnlyNoneMeansOff() throws Exception {
        DatabaseConfig url = DatabaseConfig.parse(FILE, props("database.url", "jdbc:postgresql://db:5432/app"));
        assertFalse("a configured server is used, no embedded one started", url.embedded());
        assertFalse(url.off());
        assertFalse("the embedded database has transactions on", DatabaseConfig.parse(FILE, new Properties()).off());
        assertFalse(DatabaseConfig.parse(FILE, props("database.url", "none")).embedded());
    }

    @Test
    public void noneTurnsTransactionsOffAndBadValuesAreNamed() throws Exception {
        assertTrue(DatabaseConfig.parse(FILE, props("database.url", "none")).off());
        assertEquals("config/x.properties: key 'database.url': expected empty (embedded PostgreSQL), 'none', or a"
                + " jdbc:postgresql://host:port/database URL, got 'mysql://x'", rejected("database.url", "mysql://x"));
        assertEquals("config/x.properties: key 'database.pool_size': expected a whole number >= 1, got '0'",
                rejected("database.pool_size", "0"));
        assertTrue(rejected("transaction.timeout", "0").contains("key 'transaction.timeout'"));
    }

    private static String rejected(String key, String value) {
        return assertThrows(ConfigException.class, () -> DatabaseConfig.parse(FILE, props(key, value))).getMessage();
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}
