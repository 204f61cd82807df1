package org.fdtserver.example.coordinator;

/** A step of phase one failed (an ERR answer or a lost connection): the transfer must abort. */
final class StepFailed extends Exception {

    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
        super(message);
    }
}
