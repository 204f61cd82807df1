package org.fdtserver.launcher.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/** The shipped config/fdtserver.properties documents every key of the catalogue with the catalogue's default. */
public class ConfigKeyTest {

    private static final Path SHIPPED = Path.of("..", "config", "fdtserver.properties");
    /** A key set in the file, or shown commented out as {@code #key=value}. */
    private static final Pattern LINE = Pattern.compile("#?([a-z_]+(?:\\.[A-Za-z0-9_-]+)*)=(.*)");

    @Test
    public void everyKeyOfTheFileIsInTheCatalogueAndSetToItsDefault() throws IOException {
        Properties file = new Properties();
        file.load(Files.newBufferedReader(SHIPPED, StandardCharsets.UTF_8));
        for (String key : file.stringPropertyNames()) {
            Optional<ConfigKey> known = ConfigKey.find(key);
            assertTrue(key + " is in the catalogue", known.isPresent());
            String expected = known.get() == ConfigKey.LISTENER_ADDRESS
                    ? ConfigKey.DEFAULT_ADDRESSES.get(ConfigKey.listenerOf(key)) : known.get().defaultValue();
            assertEquals(key, expected, file.getProperty(key));
        }
    }

    @Test
    public void everyKeyOfTheCatalogueIsDocumentedWithItsDefault() throws IOException {
        List<String> lines = Files.readAllLines(SHIPPED, StandardCharsets.UTF_8);
        for (ConfigKey key : ConfigKey.values()) {
            List<String> shown = shownValues(lines, key);
            assertFalse(key.key() + " is documented in " + SHIPPED, shown.isEmpty());
            if (!key.perListener()) {
                assertEquals(key.key(), List.of(key.defaultValue()), shown);
            } else if (key.defaultValue().isEmpty()) {
                assertTrue(key.key() + " is explained", String.join("\n", lines).contains(key.key()));
            } else {
                shown.forEach(v -> assertEquals(key.key() + " shown with its default", key.defaultValue(), v));
            }
        }
    }

    @Test
    public void perListenerKeysNameTheirListener() {
        assertEquals(Optional.of(ConfigKey.LISTENER_BACKLOG), ConfigKey.find("listener.echo.backlog"));
        assertEquals("echo", ConfigKey.listenerOf("listener.echo.backlog"));
        assertEquals("listener.http.address", ConfigKey.LISTENER_ADDRESS.of("http"));
        assertEquals(Optional.empty(), ConfigKey.find("listener.a.b.backlog"));
        assertEquals(Optional.empty(), ConfigKey.find("listener..backlog"));
        assertEquals(Optional.empty(), ConfigKey.find("listener.backlog"));
        assertFalse(ConfigKey.THREADS.perListener());
        assertEquals("threads", ConfigKey.THREADS.key());
        assertEquals("listener.<name>.backlog", ConfigKey.LISTENER_BACKLOG.key());
        assertFalse(ConfigKey.THREADS.doc().isEmpty());
    }

    /** The values the file sets or shows for a key (per-listener keys: for any listener). */
    private static List<String> shownValues(List<String> lines, ConfigKey key) {
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches() && ConfigKey.find(m.group(1)).filter(key::equals).isPresent()) {
                values.add(m.group(2).trim());
            }
        }
        return values;
    }
}
