package org.fdtserver.api.tx;

/** A branch's answer to phase one. */
public enum Vote {
    /** Prepared: the branch will commit when told to, and stays prepared until then. */
    YES,
    /** The branch changed nothing and is over; it takes no part in phase two. */
    READ_ONLY,
    /** The branch could not prepare and has been rolled back. */
    NO
}
