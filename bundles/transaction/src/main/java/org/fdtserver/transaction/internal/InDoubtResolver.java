package org.fdtserver.transaction.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.XAConnection;
import javax.transaction.xa.XAException;
import org.fdtserver.api.tx.InDoubtBranch;
import org.fdtserver.api.tx.InDoubtBranches;
import org.fdtserver.api.tx.TransactionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists prepared branches from {@code pg_prepared_xacts} (PostgreSQL keeps them durably; the
 * transaction manager's own log and recovery stay off, because Aries 1.3.3 misreads imported
 * xids on recovery and rolls back in-doubt branches) and resolves them at the resource, on
 * {@link ResolutionSessions}, which never wait behind application work. Worker index 0 of each
 * generation logs a warning for branches older than the configured age; nothing is ever
 * resolved automatically.
 */
@Component(service = InDoubtBranches.class)
public final class InDoubtResolver implements InDoubtBranches {

    private static final Logger LOG = LoggerFactory.getLogger(InDoubtResolver.class);
    private static final String LIST = "SELECT gid, prepared, database, now() FROM pg_prepared_xacts"
            + " WHERE database = current_database() ORDER BY prepared";

    private final Database database;
    private final ScheduledExecutorService timer;

    /** @param database the configured database */
    @Activate
    public InDoubtResolver(@Reference Database database) {
        this.database = database;
        if (database.workerId().endsWith(".0") && database.inDoubtWarningMillis() > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fdt-tx-indoubt");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(1000, Math.min(60_000, database.inDoubtWarningMillis() / 2));
            timer.scheduleWithFixedDelay(this::warnOld, period, period, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public List<InDoubtBranch> list() {
        try {
            return database.resolution().run(InDoubtResolver::list);
        } catch (SQLException | XAException e) {
            throw new TransactionException("cannot list prepared transactions: " + DatabaseErrors.describe(e), e);
        }
    }

    private static List<InDoubtBranch> list(XAConnection session) throws SQLException {
        try (Connection c = session.getConnection(); PreparedStatement s = c.prepareStatement(LIST);
             ResultSet r = s.executeQuery()) {
            List<InDoubtBranch> all = new ArrayList<>();
            while (r.next()) {
                String gid = r.getString(1);
                Instant prepared = r.getTimestamp(2).toInstant();
                Instant now = r.getTimestamp(4).toInstant();
                Optional<BranchIds.Parsed> parsed = BranchIds.parse(gid);
                all.add(new InDoubtBranch(parsed.map(BranchIds.Parsed::globalId).orElse("?"), gid, r.getString(3),
                        prepared, Duration.between(prepared, now), parsed.map(BranchIds.Parsed::worker).orElse("?"),
                        parsed.map(BranchIds.Parsed::generation).orElse(-1L)));
            }
            return all;
        }
    }

    @Override
    public int commit(String id) {
        return resolve(id, true);
    }

    @Override
    public int rollback(String id) {
        return resolve(id, false);
    }

    private int resolve(String id, boolean commit) {
        List<BranchIds.Parsed> matching = new ArrayList<>();
        for (InDoubtBranch b : list()) {
            if (b.branchId().equals(id) || b.globalId().equals(id)) {
                BranchIds.parse(b.branchId()).ifPresent(matching::add);
            }
        }
        if (matching.isEmpty()) {
            throw new TransactionException("no prepared transaction '" + id + "'");
        }
        int done = 0;
        for (BranchIds.Parsed branch : matching) {
            resolveOne(branch, commit);
            done++;
        }
        return done;
    }

    /** Resolves one branch that the listing showed; someone may have resolved it meanwhile. */
    void resolveOne(BranchIds.Parsed branch, boolean commit) {
        try {
            database.resolution().run(session -> {
                PhaseTwo.complete(session.getXAResource(), branch.xid(), commit);
                return null;
            });
        } catch (XAException | SQLException e) {
            throw new TransactionException("cannot " + (commit ? "commit " : "roll back ") + branch.gid() + ": "
                    + DatabaseErrors.describe(e), e);
        }
        LOG.info("{} prepared branch {} of {} (prepared by worker {})", commit ? "committed" : "rolled back",
                branch.gid(), branch.globalId(), branch.worker());
    }

    private void warnOld() {
        try {
            for (InDoubtBranch b : list()) {
                if (b.age().toMillis() > database.inDoubtWarningMillis()) {
                    LOG.warn("prepared transaction {} of {} (worker {}) has been in doubt for {} s; its coordinator must"
                            + " commit or roll it back (fdtserver tx commit|rollback)", b.branchId(), b.globalId(),
                            b.worker(), b.age().toSeconds());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot check for old prepared transactions: {}", e.getMessage());
        }
    }
}
