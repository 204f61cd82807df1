package org.fdtserver.api.tx;

/** A transaction operation that cannot be done; the message says why in terms a client can be shown. */
public class TransactionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message why */
    public TransactionException(String message) {
        super(message);
    }

    /**
     * @param message why
     * @param cause the underlying failure
     */
    public TransactionException(String message, Throwable cause) {
        super(message, cause);
    }
}
