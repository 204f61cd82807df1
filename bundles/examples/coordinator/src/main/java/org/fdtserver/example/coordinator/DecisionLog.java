package org.fdtserver.example.coordinator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The coordinator's durable record of commit decisions: an append-only text file, one line
 * {@code COMMIT <gid> <participant> <participant>} per decision, forced to disk before phase two
 * begins. A transaction without a line is presumed aborted. The first line names the coordinator
 * ({@code # ledger-coordinator log name=<name>}), whose name prefixes all its global ids. One
 * process at a time holds the file (an exclusive lock), so recovery never races live transfers.
 *
 * <p>Concurrent decisions share forces: a thread that finds its record already forced by
 * another's {@code force} returns at once (group commit).
 */
final class DecisionLog implements AutoCloseable {

    /** What a coordinator may be called: its global ids are {@code <name>.<run>.<sequence>}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9]{1,8}");
    static final String DEFAULT_NAME = "coord";
    private static final String HEADER = "# ledger-coordinator log name=";

    /** The log cannot be used; the message names the file and what is wrong. */
    static final class LogException extends Exception {
        private static final long serialVersionUID = 1L;

        LogException(String message) {
            super(message);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final String name;
    private final Set<String> committed;
    private final Set<Participant> participants;
    private final Object forceLock = new Object();
    private long end;
    private long forced;
    private IOException failed;

    private DecisionLog(Path file, FileChannel channel, String name, Set<String> committed,
            Set<Participant> participants, long end) {
        this.file = file;
        this.channel = channel;
        this.name = name;
        this.committed = committed;
        this.participants = participants;
        this.end = end;
        this.forced = end;
    }

    /**
     * Opens (or creates) and locks the log, reading the decisions in it. A last line without its
     * newline was never forced, so no phase two followed it: it is cut off.
     *
     * @param file the log file
     * @param name the coordinator's name for a new log, or null for the default; must match an existing log's
     * @return the open log
     * @throws LogException if it is malformed, in use, or names another coordinator
     * @throws IOException if it cannot be read or written
     */
    static DecisionLog open(Path file, String name) throws LogException, IOException {
        if (name != null && !NAME.matcher(name).matches()) {
            throw new LogException("a coordinator name is 1 to 8 of A-Z a-z 0-9, got '" + name + "'");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                throw new LogException("the log " + file + " is in use by another coordinator process");
            }
            ByteBuffer all = ByteBuffer.allocate((int) channel.size());
            while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
                // read it all
            }
            String text = new String(all.array(), 0, all.position(), StandardCharsets.UTF_8);
            int complete = text.lastIndexOf('\n') + 1;
            if (complete < text.length()) {
                channel.truncate(complete);
            }
            List<String> lines = complete == 0 ? List.of() : List.of(text.substring(0, complete - 1).split("\n", -1));
            String logName;
            if (lines.isEmpty()) {
                logName = name == null ? DEFAULT_NAME : name;
                writeFully(channel, (HEADER + logName + "\n").getBytes(StandardCharsets.UTF_8), 0);
                channel.force(true);
            } else if (lines.get(0).startsWith(HEADER) && NAME.matcher(lines.get(0).substring(HEADER.length())).matches()) {
                logName = lines.get(0).substring(HEADER.length());
                if (name != null && !name.equals(logName)) {
                    throw new LogException("the log " + file + " belongs to coordinator '" + logName + "', not '" + name + "'");
                }
            } else {
                throw new LogException(file + ":1: not a coordinator log (expected '" + HEADER + "<name>')");
            }
            Set<String> committed = new LinkedHashSet<>();
            Set<Participant> participants = new LinkedHashSet<>();
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(" ");
                if (f.length < 3 || !f[0].equals("COMMIT")) {
                    throw new LogException(file + ":" + (i + 1) + ": expected 'COMMIT <gid> <host:port>...', got '" + lines.get(i) + "'");
                }
                committed.add(f[1]);
                for (int p = 2; p < f.length; p++) {
                    try {
                        participants.add(Participant.parse(f[p]));
                    } catch (UsageException e) {
                        throw new LogException(file + ":" + (i + 1) + ": " + e.getMessage());
                    }
                }
            }
            return new DecisionLog(file, channel, logName, committed, participants, channel.size());
        } catch (LogException | IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** @return the coordinator's name */
    String name() {
        return name;
    }

    /** @return the file */
    Path file() {
        return file;
    }

    /** @return the global ids with a commit decision in the log when it was opened */
    Set<String> committed() {
        return Collections.unmodifiableSet(committed);
    }

    /** @return every participant named by a decision in the log when it was opened */
    Set<Participant> participants() {
        return Collections.unmodifiableSet(participants);
    }

    /**
     * Records a commit decision and returns once it is on disk; only then may phase two begin.
     * After a failure the log refuses every later decision: whether the failed record reached the
     * disk is unknown, so only recovery may decide those transactions.
     *
     * @param gid the global id
     * @param in the participants
     * @throws IOException if it cannot be written and forced
     */
    void commit(String gid, List<Participant> in) throws IOException {
        StringBuilder line = new StringBuilder("COMMIT ").append(gid);
        in.forEach(p -> line.append(' ').append(p));
        byte[] record = line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        long mine;
        synchronized (this) {
            if (failed != null) {
                throw new IOException("the log " + file + " failed earlier (" + failed.getMessage() + "); no more decisions");
            }
            try {
                writeFully(channel, record, end);
            } catch (IOException e) {
                failed = e;
                throw e;
            }
            end += record.length;
            mine = end;
        }
        synchronized (forceLock) {
            if (forced >= mine) {
                return; // another thread's force covered this record
            }
            long upTo;
            synchronized (this) {
                upTo = end;
            }
            try {
                channel.force(false);
            } catch (IOException e) {
                synchronized (this) {
                    failed = e;
                }
                throw e;
            }
            forced = upTo;
        }
    }

    private static void writeFully(FileChannel channel, byte[] bytes, long at) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b, at + b.position());
        }
    }

    /**
     * Closes the file, which releases its lock. Does nothing if the channel is closed already: an
     * interrupt of a thread writing or forcing a decision closes it under the log.
     */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
