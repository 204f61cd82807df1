package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import javax.transaction.xa.Xid;
import org.fdtserver.api.tx.BranchState;
import org.fdtserver.api.tx.TransactionException;
import org.junit.Test;

public class BranchIdsTest {

    @Test
    public void twoBranchesOfTheSameClientIdGetDifferentGlobalXidsThatNameTheClientIdAndWorker() {
        BranchIds ids = new BranchIds("12.3");
        Xid a = ids.newGlobalXid("order-42");
        Xid b = ids.newGlobalXid("order-42");
        assertNotEquals(new String(a.getGlobalTransactionId()), new String(b.getGlobalTransactionId()));
        assertTrue(a.getGlobalTransactionId().length <= Xid.MAXGTRIDSIZE);
        BranchIds.Parsed parsed = BranchIds.parse(BranchIds.gid(a)).orElseThrow();
        assertEquals("order-42", parsed.globalId());
        assertEquals("12.3", parsed.worker());
        assertEquals(12, parsed.generation());
        assertArrayEquals(a.getGlobalTransactionId(), parsed.xid().getGlobalTransactionId());
        assertEquals(BranchIds.FORMAT_ID, parsed.xid().getFormatId());
    }

    @Test
    public void malformedOrTooLongClientIdsAreRefusedWithTheRule() {
        BranchIds ids = new BranchIds("1.0");
        TransactionException e = assertThrows(TransactionException.class, () -> ids.newGlobalXid("a|b"));
        assertTrue(e.getMessage(), e.getMessage().contains("1 to 32 characters"));
        assertThrows(TransactionException.class, () -> ids.newGlobalXid("x".repeat(33)));
        assertThrows(TransactionException.class, () -> ids.newGlobalXid(""));
        ids.newGlobalXid("x".repeat(32));
    }

    @Test
    public void foreignAndMalformedGidsAreReadAsUnknownOrNotAtAll() {
        BranchIds.Parsed foreign = BranchIds.parse("1_YWJj_ZGVm").orElseThrow(); // gtrid "abc"
        assertEquals("?", foreign.globalId());
        assertEquals(-1, foreign.generation());
        assertFalse(BranchIds.parse("my-own-gid").isPresent());
        assertFalse(BranchIds.parse("x_!!_??").isPresent());
    }

    @Test
    public void aClientIdThatWouldOverflowTheXidOfALongWorkerIdIsRefusedByName() {
        BranchIds ids = new BranchIds("9223372036854775807.99999999"); // the largest generation, a large index
        String longest = "x".repeat(org.fdtserver.api.tx.Branch.MAX_GLOBAL_ID_LENGTH);
        TransactionException e = assertThrows(TransactionException.class, () -> ids.newGlobalXid(longest));
        assertEquals("global transaction id too long for this worker: '" + longest + "'", e.getMessage());
        assertTrue("a shorter one still fits", ids.newGlobalXid("order-42").getGlobalTransactionId().length <= Xid.MAXGTRIDSIZE);
    }

    @Test
    public void aGidInOurFormatWithAWorkerThatIsNoNumberHasAnUnknownGeneration() {
        String gid = BranchIds.gid(new BranchIds.SimpleXid(BranchIds.FORMAT_ID,
                "order-42|w1|nonce-1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[0]));
        BranchIds.Parsed parsed = BranchIds.parse(gid).orElseThrow();
        assertEquals("order-42", parsed.globalId());
        assertEquals("w1", parsed.worker());
        assertEquals(-1, parsed.generation());
    }
}
