package org.fdtserver.transaction.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.transaction.xa.Xid;
import org.fdtserver.api.tx.Branch;
import org.fdtserver.api.tx.TransactionException;

/**
 * Makes and reads the ids of this server's branches. The global id handed to the transaction
 * manager is {@code <client global id>|<worker id>|<nonce>}: unique per server (two imports of
 * the same client id would otherwise get identical branch xids and PostgreSQL would refuse the
 * second PREPARE), yet it carries the client's id and the worker that prepared it, readable back
 * from {@code pg_prepared_xacts.gid}, which pgjdbc writes as
 * {@code formatId_base64(gtrid)_base64(bqual)}.
 */
final class BranchIds {

    /** The format id of the global xids this server imports: "FDTX". */
    static final int FORMAT_ID = 0x46445458;
    private static final Pattern GLOBAL_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + Branch.MAX_GLOBAL_ID_LENGTH + "}");
    private static final char SEPARATOR = '|';

    /** What a gid says about its branch. */
    record Parsed(String gid, Xid xid, String globalId, String worker, long generation) {
    }

    private final String worker;
    private final String nonce;
    private final AtomicLong counter = new AtomicLong();

    /** @param worker this worker's id, {@code generation.index} */
    BranchIds(String worker) {
        this.worker = worker;
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        this.nonce = Long.toString(new java.math.BigInteger(1, random).longValue(), 36);
    }

    /** @return a fresh client-style global id, for clients that do not bring one */
    static String freshGlobalId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * @param globalId the client's global id
     * @throws TransactionException if it is malformed
     */
    static void check(String globalId) {
        if (globalId == null || !GLOBAL_ID.matcher(globalId).matches()) {
            throw new TransactionException("a global transaction id must be 1 to " + Branch.MAX_GLOBAL_ID_LENGTH
                    + " characters from A-Z a-z 0-9 . _ : -, got '" + globalId + "'");
        }
    }

    /** @return the global xid to import for a new branch of the client's transaction */
    Xid newGlobalXid(String globalId) {
        check(globalId);
        String gtrid = globalId + SEPARATOR + worker + SEPARATOR + nonce + "-" + Long.toString(counter.incrementAndGet(), 36);
        byte[] bytes = gtrid.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > Xid.MAXGTRIDSIZE) {
            throw new TransactionException("global transaction id too long for this worker: '" + globalId + "'");
        }
        return new SimpleXid(FORMAT_ID, bytes, new byte[0]);
    }

    /** @return the {@code pg_prepared_xacts.gid} pgjdbc writes for this xid, which {@link #parse} reads */
    static String gid(Xid xid) {
        Base64.Encoder b64 = Base64.getEncoder();
        return xid.getFormatId() + "_" + b64.encodeToString(xid.getGlobalTransactionId()) + "_"
                + b64.encodeToString(xid.getBranchQualifier());
    }

    /**
     * @param gid a {@code pg_prepared_xacts.gid} written by pgjdbc
     * @return what it says, or empty if it is not in pgjdbc's format
     */
    static Optional<Parsed> parse(String gid) {
        String[] parts = gid.split("_", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            int formatId = Integer.parseInt(parts[0]);
            byte[] gtrid = Base64.getDecoder().decode(parts[1]);
            byte[] bqual = Base64.getDecoder().decode(parts[2]);
            Xid xid = new SimpleXid(formatId, gtrid, bqual);
            String[] fields = new String(gtrid, StandardCharsets.US_ASCII).split("\\|", -1);
            if (fields.length == 3 && GLOBAL_ID.matcher(fields[0]).matches()) {
                return Optional.of(new Parsed(gid, xid, fields[0], fields[1], generationOf(fields[1])));
            }
            return Optional.of(new Parsed(gid, xid, "?", "?", -1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static long generationOf(String worker) {
        int dot = worker.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? worker : worker.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An xid from its three parts, as pgjdbc recovers them. */
    record SimpleXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid {
        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return bqual.clone();
        }
    }
}
