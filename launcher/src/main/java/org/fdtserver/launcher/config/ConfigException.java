package org.fdtserver.launcher.config;

/** A configuration file that cannot be used; the message names the file, the key and the reason. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message the whole message, already naming file and key */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * @param file the file, as the user named it
     * @param key the offending key
     * @param reason what was expected and what was found
     * @return the exception with the message {@code <file>: key '<key>': <reason>}
     */
    static ConfigException of(Object file, String key, String reason) {
        return new ConfigException(file + ": key '" + key + "': " + reason);
    }
}
