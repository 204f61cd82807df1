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

    @Test
    public void anAmountIsAsciiDigitsOnly() throws Exception {
        assertEquals(12, Request.parse("CREDIT a 12").cents(1));
        assertEquals(Long.MAX_VALUE, Request.parse("CREDIT a 9223372036854775807").cents(1));
        // Long.parseLong takes any Unicode digit and a sign: full-width, Arabic-Indic, Devanagari, "+".
        for (String amount : new String[] {"\uFF11\uFF12", "\u0661\u0662", "\u0967\u0968", "+12", "1\uFF12"}) {
            assertEquals("an amount is a whole number of cents > 0, got '" + amount + "'", message("CREDIT a " + amount));
        }
        assertEquals("an amount is a whole number of cents > 0, got '9223372036854775808'", message("DEBIT a 9223372036854775808"));
        assertEquals("an amount is a whole number of cents > 0, got '0'", message("TRANSFER a b 0"));
    }

    private static String message(String line) {
        return assertThrows(Request.BadRequest.class, () -> Request.parse(line)).getMessage();
    }
}
