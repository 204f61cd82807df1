package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fdtserver.api.tx.InDoubtBranch;
import org.fdtserver.api.tx.InDoubtBranches;
import org.junit.Test;

/** How {@code fdt:indoubt} (and so {@code fdtserver tx list}) lays out its table. */
public class TransactionCommandsTest {

    /** A fixed list: only the formatting is under test here (TransactionServicesTest runs it on PostgreSQL). */
    private static InDoubtBranches listing(List<InDoubtBranch> branches) {
        return new InDoubtBranches() {
            @Override
            public List<InDoubtBranch> list() {
                return branches;
            }

            @Override
            public int commit(String id) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int rollback(String id) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static List<Integer> columnStarts(String line) {
        List<Integer> starts = new ArrayList<>();
        Matcher m = Pattern.compile("\\S+").matcher(line);
        while (m.find()) {
            starts.add(m.start());
        }
        return starts;
    }

    @Test
    public void everyColumnStartsWhereItsHeadingDoesWhateverTheWidthOfItsValues() {
        Instant at = Instant.parse("2026-12-01T10:15:30.123Z");
        List<InDoubtBranch> branches = List.of(
                new InDoubtBranch("coord.mwx3k1.1234567890-and-some-more-x", "131077_Y29vcmQ=_MS4w", "ledger_production_eu",
                        at, Duration.ofSeconds(123456), "12.3", 12),
                new InDoubtBranch("g1", "131077_ZzE=_MS4w", "db", at, Duration.ofSeconds(7), "1.0", 1),
                new InDoubtBranch("?", "foreign-branch", "db", at, Duration.ZERO, "?", -1));
        String[] lines = new TransactionCommands(listing(branches)).indoubt().split("\n");
        assertEquals(4, lines.length);
        List<Integer> header = columnStarts(lines[0]);
        assertEquals(lines[0], 6, header.size());
        for (String row : List.of(lines).subList(1, 4)) {
            assertEquals(String.join("\n", lines), header, columnStarts(row));
        }
        assertEquals("coord.mwx3k1.1234567890-and-some-more-x  12.3    ledger_production_eu  123456  2026-12-01T10:15:30  131077_Y29vcmQ=_MS4w",
                lines[1]);
    }

    @Test
    public void anEmptyListingIsItsHeading() {
        assertEquals("GLOBAL-ID  WORKER  DATABASE  AGE-S  PREPARED  BRANCH-ID", new TransactionCommands(listing(List.of())).indoubt());
    }
}
