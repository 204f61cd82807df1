package org.fdtserver.example.coordinator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes this run's global transaction ids, {@code <name>.<run>.<sequence>}: the coordinator's
 * name (so recovery knows its own branches from other clients'), the run's start time in base 36
 * (unique per run of one log: runs hold the log's lock one after another), and a counter.
 */
final class GlobalIds {

    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();

    /** @param name the coordinator's name, from its log */
    GlobalIds(String name) {
        this.prefix = name + "." + Long.toString(System.currentTimeMillis(), 36) + ".";
    }

    /** @return a fresh id, at most 8 + 1 + 9 + 1 + 13 characters, within the ledger's 32 */
    String next() {
        return prefix + Long.toString(sequence.incrementAndGet(), 36);
    }

    /**
     * @param name a coordinator's name
     * @param gid a global id
     * @return whether that coordinator made it
     */
    static boolean madeBy(String name, String gid) {
        return gid.startsWith(name + ".");
    }
}
