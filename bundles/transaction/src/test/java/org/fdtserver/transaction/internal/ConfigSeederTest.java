package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The keys the seeder writes into Config Admin are the properties the component reads: bnd writes
 * the component's property names into the metatype (with the same method-name mapping SCR applies,
 * OSGi Compendium 112.8.2.2: {@code _} becomes {@code .}, {@code __} becomes {@code _}), so a key
 * that does not match is never seen and its setting silently keeps its default.
 */
public class ConfigSeederTest {

    @Test
    public void everySeededKeyIsAPropertyOfTheTransactionConfiguration() throws Exception {
        Set<String> read = new TreeSet<>();
        try (InputStream xml = getClass().getResourceAsStream(
                "/OSGI-INF/metatype/org.fdtserver.transaction.internal.TransactionConfig.xml")) {
            assertNotNull("bnd wrote the metatype of TransactionConfig", xml);
            NodeList ads = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml).getElementsByTagName("AD");
            for (int i = 0; i < ads.getLength(); i++) {
                read.add(((Element) ads.item(i)).getAttribute("id"));
            }
        }
        assertEquals(read, new TreeSet<>(ConfigSeeder.KEYS.values()));
    }
}
