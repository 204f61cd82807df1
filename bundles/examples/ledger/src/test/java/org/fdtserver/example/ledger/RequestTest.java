package org.fdtserver.example.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

public class RequestTest {

    @Test
    public void verbsAreCaseInsensitiveAndDashedVerbsParse() throws Exception {
        assertEquals(new Request(Request.Verb.TRANSFER, List.of("a", "b", "5")), Request.parse("transfer a b 5"));
        assertEquals(Request.Verb.COMMIT_PREPARED, Request.parse("COMMIT-PREPARED g1").verb());
        assertEquals(List.of(), Request.parse("BEGIN").args());
    }

    @Test
    public void badInputIsNamed() {
        assertEquals("unknown verb 'FLY'", message("FLY"));
        assertEquals("TRANSFER takes 3 argument(s), got 2", message("TRANSFER a b"));
        assertEquals("BEGIN takes 0 or 1 argument(s), got 2", message("BEGIN a b"));
        assertEquals("an amount is a whole number of cents > 0, got '1.5'", message("CREDIT a 1.5"));
        assertEquals("an account name is 1 to 64 of A-Z a-z 0-9 . _ -, got 'a/b'", message("BALANCE a/b"));
        assertEquals("TRANSFER needs two different accounts", message("TRANSFER a a 1"));
        assertEquals("empty line; expected a verb such as BEGIN, TRANSFER, PREPARE or COMMIT", message("  "));
    }

    private static String message(String line) {
        return assertThrows(Request.BadRequest.class, () -> Request.parse(line)).getMessage();
    }
}
