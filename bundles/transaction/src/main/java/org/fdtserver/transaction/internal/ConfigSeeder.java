package org.fdtserver.transaction.internal;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the worker's database settings, which the launcher passes as framework properties
 * ({@code fdt.database.url} and friends), into the Config Admin configuration the transaction
 * components require. Without {@code fdt.database.url} it does nothing, so a configuration set
 * through Config Admin directly (as the Pax Exam test does) is left alone.
 */
@Component(immediate = true)
public final class ConfigSeeder {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSeeder.class);

    private static final String PREFIX = "fdt.";

    /**
     * Framework property to configuration key: the key is the property without {@value #PREFIX},
     * so each setting has one name from the launcher's config file to the component.
     */
    static final Map<String, String> KEYS = Stream.of("fdt.database.url", "fdt.database.user", "fdt.database.password",
                    "fdt.database.pool_size", "fdt.transaction.timeout_ms", "fdt.transaction.indoubt_warning_ms",
                    "fdt.worker.id", "fdt.generation")
            .collect(Collectors.toUnmodifiableMap(p -> p, p -> p.substring(PREFIX.length())));

    /**
     * @param bundle this bundle's context, to read framework properties
     * @param admin Config Admin
     * @throws IOException if the configuration cannot be stored
     */
    @Activate
    public ConfigSeeder(BundleContext bundle, @Reference ConfigurationAdmin admin) throws IOException {
        String url = bundle.getProperty("fdt.database.url");
        if (url == null || url.isBlank()) {
            LOG.debug("no fdt.database.url framework property: transactions are configured elsewhere or off");
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        KEYS.forEach((property, key) -> {
            String value = bundle.getProperty(property);
            if (value != null) {
                props.put(key, value);
            }
        });
        Configuration config = admin.getConfiguration(TransactionConfig.PID, "?");
        config.update(props);
    }
}
