/**
 * Connection-bound transactions: each client connection can carry one branch of a distributed
 * (XA) transaction on PostgreSQL, coordinated by the client.
 *
 * <p>A handler gets its connection's {@link org.fdtserver.api.tx.Branch} from the
 * {@link org.fdtserver.api.tx.ConnectionTransactions} service, begins it, does its SQL through
 * the {@code javax.sql.DataSource} service (whose connections take part in the branch of the
 * connection being handled), and prepares, commits or rolls it back as the client asks. If the
 * client connection closes while the branch is {@link org.fdtserver.api.tx.BranchState#ACTIVE}
 * it is rolled back; once {@link org.fdtserver.api.tx.BranchState#PREPARED} it is kept, in doubt,
 * until someone resolves it through {@link org.fdtserver.api.tx.InDoubtBranches}.
 *
 * <p>1.1: {@link org.fdtserver.api.tx.Branch#reason()}, why a branch ended without its connection
 * asking (a provider-type addition, so a minor version).
 *
 * <p>1.2: {@link org.fdtserver.api.tx.BranchState#canMoveTo}, the branch lifecycle's table of
 * legal moves, declared by the enum itself (an addition, so a minor version).
 */
@Export
@Version("1.2.0")
package org.fdtserver.api.tx;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
