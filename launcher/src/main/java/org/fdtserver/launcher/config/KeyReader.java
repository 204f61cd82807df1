package org.fdtserver.launcher.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads single keys of one configuration file as typed values, falling back to the catalogue's
 * defaults ({@link ConfigKey}); every error names the file, the key and what was expected.
 */
final class KeyReader {

    private final Path file;
    private final Properties props;
    private final Path home;

    /**
     * @param file the file, for messages
     * @param props its properties
     * @param home the installation home that relative paths resolve against
     */
    KeyReader(Path file, Properties props, Path home) {
        this.file = file;
        this.props = props;
        this.home = home;
    }

    /** @return whether the file sets the key itself */
    boolean isSet(String key) {
        return props.getProperty(key) != null;
    }

    /** @return the keys the file sets, in name order */
    SortedSet<String> setKeys() {
        return new TreeSet<>(props.stringPropertyNames());
    }

    /** Forgets what the file says for a key, so that it reads as its default. */
    void forget(String key) {
        props.remove(key);
    }

    /** @return the file's value, else the catalogue's default (empty for a key without one), trimmed */
    String value(String key) {
        String v = props.getProperty(key);
        if (v == null) {
            v = ConfigKey.find(key).map(ConfigKey::defaultValue).orElse("");
        }
        return v.trim();
    }

    int wholeNumber(String key, int min) throws ConfigException {
        String v = value(key);
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the expectation
        }
        throw ConfigException.of(file, key, "expected a whole number >= " + min + ", got '" + v + "'");
    }

    int port(String key) throws ConfigException {
        String v = value(key);
        try {
            int port = Integer.parseInt(v);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the expectation
        }
        throw ConfigException.of(file, key, "expected a port 1..65535, or 0 for a free one, got '" + v + "'");
    }

    Duration duration(String key, boolean positive) throws ConfigException {
        String v = value(key);
        Duration d = Durations.parse(v);
        if (d == null || (positive && d.isZero())) {
            throw ConfigException.of(file, key, "expected a " + (positive ? "positive " : "")
                    + "duration such as 500ms, 30s, 2m or a number of seconds, got '" + v + "'");
        }
        return d;
    }

    boolean onOff(String key, String on) throws ConfigException {
        String v = value(key);
        if (v.equals(on) || v.equals("off")) {
            return v.equals(on);
        }
        throw ConfigException.of(file, key, "expected " + on + " or off, got '" + v + "'");
    }

    boolean trueFalse(String key) throws ConfigException {
        String v = value(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw ConfigException.of(file, key, "expected true or false, got '" + v + "'");
        }
        return v.equals("true");
    }

    Path directory(String key) throws ConfigException {
        String v = value(key);
        if (v.isEmpty()) {
            throw ConfigException.of(file, key, "expected a directory path, got ''");
        }
        return resolve(v);
    }

    /** @return the path, resolved against the installation home when relative */
    Path resolve(String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : home.resolve(p)).normalize();
    }
}
