package org.fdtserver.runtime.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** The listeners' shares of a worker's threads and connections, and the checks on the spi's records. */
public class ListenerSpecTest {

    @Test
    public void theDefaultShareLeavesTheOtherListenersAQuarterAndAtLeastOneEach() {
        assertEquals("a lone listener takes everything", 16, ListenerSpec.share(ListenerSpec.DEFAULT_SHARE, 16, 1));
        assertEquals("a quarter of 16 stays for the others", 12, ListenerSpec.share(ListenerSpec.DEFAULT_SHARE, 16, 3));
        assertEquals(7500, ListenerSpec.share(ListenerSpec.DEFAULT_SHARE, 10_000, 3));
        assertEquals("one each for the two others, more than a quarter of 4", 2, ListenerSpec.share(ListenerSpec.DEFAULT_SHARE, 4, 3));
        assertEquals(2, ListenerSpec.share(ListenerSpec.DEFAULT_SHARE, 3, 2));
        assertEquals("never less than one", 1, ListenerSpec.share(ListenerSpec.DEFAULT_SHARE, 2, 3));
    }

    @Test
    public void aConfiguredShareIsKeptUpToTheTotal() {
        assertEquals(3, ListenerSpec.share(3, 16, 3));
        assertEquals(16, ListenerSpec.share(40, 16, 3));
    }

    @Test
    public void theOlderConstructorsTakeTheDefaultShares() {
        ListenerSpec spec = new ListenerSpec("echo", "127.0.0.1", 7000, 3);
        assertEquals(ListenerSpec.DEFAULT_SHARE, spec.threads());
        assertEquals(ListenerSpec.DEFAULT_SHARE, spec.maxConnections());
    }

    @Test
    public void negativeSharesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ListenerSpec("echo", "127.0.0.1", 7000, 3, false, -1, 0));
        assertEquals("threads and maxConnections must be > 0 or DEFAULT_SHARE, were -1 and 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ListenerSpec("echo", "127.0.0.1", 7000, 3, false, 0, -1));
    }

    @Test
    public void aPortOutsideTheTcpRangeIsRefused() {
        assertEquals("port must be 0..65535, was 65536", assertThrows(IllegalArgumentException.class,
                () -> new ListenerSpec("echo", "127.0.0.1", 65536, 3)).getMessage());
        assertEquals("port must be 0..65535, was -1", assertThrows(IllegalArgumentException.class,
                () -> new ListenerSpec("echo", "127.0.0.1", -1, 3)).getMessage());
    }

    @Test
    public void aNegativeDescriptorOtherThanBindHereIsRefused() {
        assertEquals("fd must be >= 0 or BIND_HERE, was -2", assertThrows(IllegalArgumentException.class,
                () -> new ListenerSpec("echo", "127.0.0.1", 7000, -2)).getMessage());
    }

    @Test
    public void aReuseportListenerCannotInheritADescriptor() {
        assertEquals("a reuseport listener is bound by the worker, not inherited (fd 3)",
                assertThrows(IllegalArgumentException.class,
                        () -> new ListenerSpec("echo", "127.0.0.1", 7000, 3, true)).getMessage());
        assertEquals(ListenerSpec.BIND_HERE, new ListenerSpec("echo", "127.0.0.1", 7000, ListenerSpec.BIND_HERE, true).fd());
    }
}
