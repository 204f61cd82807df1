package org.fdtserver.transaction.internal;

import org.apache.geronimo.transaction.manager.TransactionManagerImpl;
import org.apache.geronimo.transaction.manager.XidImporter;

/**
 * What every branch of this worker shares.
 *
 * @param tm the manager whose thread association the branch's SQL joins (Geronimo's, inside Aries)
 * @param importer the same manager, importing the client's transaction and running phase one
 * @param database the pool and the transaction timeout
 * @param ids makes the branch's global ids
 * @param phaseTwo finishes prepared branches at the resource
 * @param registry tracks the branch of each transaction
 */
record BranchServices(TransactionManagerImpl tm, XidImporter importer, Database database, BranchIds ids, PhaseTwo phaseTwo,
        BranchRegistry registry) {
}
