package org.fdtserver.launcher.supervisor;

/**
 * How a reload ended: its generation serves, or it was aborted and the generation before it
 * serves on.
 *
 * @param generation the generation the reload made (or tried to make)
 * @param serving true if it serves, false if it was aborted
 * @param detail how long it took to get ready, or the reason it was aborted
 */
record ReloadResult(long generation, boolean serving, String detail) {

    /** @return the line {@code fdtserver reload} prints and {@code fdtserver status} shows */
    String describe() {
        return serving
                ? "generation " + generation + " SERVING (" + detail + ")"
                : "generation " + generation + " ABORTED: " + detail;
    }

    /** @return the control-socket answer: {@code SERVING <g> <detail>} or {@code ABORTED <g> <reason>} */
    String answer() {
        return (serving ? "SERVING " : "ABORTED ") + generation + " " + detail;
    }
}
