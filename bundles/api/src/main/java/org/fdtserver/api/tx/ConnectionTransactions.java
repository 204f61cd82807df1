package org.fdtserver.api.tx;

import org.fdtserver.api.Connection;
import org.osgi.annotation.versioning.ProviderType;

/** The service that hands each client connection its transaction branch. */
@ProviderType
public interface ConnectionTransactions {

    /**
     * @param connection an open client connection of this worker
     * @return its branch, in state {@link BranchState#NONE} until begun; the same object for the
     *     connection's whole life
     */
    Branch branch(Connection connection);
}
