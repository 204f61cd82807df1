package org.fdtserver.example.coordinator;

import java.util.List;

/**
 * The ledger's answer to one request: the lines before the last (RECOVER's {@code INDOUBT} lines)
 * and the last, which starts with {@code OK} or {@code ERR}.
 *
 * @param before the lines before the last one
 * @param last the {@code OK ...} or {@code ERR ...} line
 */
record Answer(List<String> before, String last) {

    /** @return whether the last line is {@code OK ...} */
    boolean ok() {
        return last.startsWith("OK");
    }

    /**
     * @param text what is expected after {@code OK }
     * @return whether the answer is exactly {@code OK <text>}
     */
    boolean is(String text) {
        return last.equals("OK " + text);
    }

    /** @return whether phase two found no prepared branch: it was resolved already (or never prepared) */
    boolean nothingPrepared() {
        return last.startsWith("ERR no prepared transaction");
    }
}
