package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.junit.Test;

/**
 * Whether phase two found the branch no longer prepared (then its outcome is learnt and the
 * client told "committed elsewhere") or failed (then the client gets an error and the branch
 * stays prepared): {@link PhaseTwo#isGone}. Also the words a client is shown for a failure
 * ({@link DatabaseErrors#describe}).
 */
public class PhaseTwoGoneTest {

    private static XAException xa(int code, Throwable cause) {
        XAException e = new XAException(code);
        e.initCause(cause);
        return e;
    }

    @Test
    public void anUnknownXidIsGone() {
        assertTrue(PhaseTwo.isGone(new XAException(XAException.XAER_NOTA)));
    }

    @Test
    public void aResourceErrorWithoutCauseIsAFailureNotGone() {
        assertFalse(PhaseTwo.isGone(new XAException(XAException.XAER_RMERR)));
    }

    @Test
    public void aResourceErrorCausedByMissingPreparedTransactionIsGone() {
        assertTrue(PhaseTwo.isGone(xa(XAException.XAER_RMERR, new SQLException("prepared transaction does not exist", "42704"))));
    }

    @Test
    public void theMissingPreparedTransactionIsFoundDeeperInTheCauses() {
        SQLException gone = new SQLException("prepared transaction does not exist", "42704");
        assertTrue(PhaseTwo.isGone(xa(XAException.XAER_RMERR, new RuntimeException("wrapped", gone))));
    }

    @Test
    public void aResourceErrorWithAnotherSqlStateOrNoSqlExceptionIsAFailure() {
        assertFalse(PhaseTwo.isGone(xa(XAException.XAER_RMERR, new SQLException("connection lost", "08006"))));
        assertFalse(PhaseTwo.isGone(xa(XAException.XAER_RMERR, new RuntimeException("boom"))));
        assertFalse(PhaseTwo.isGone(xa(XAException.XAER_RMERR, new RuntimeException("a", new IllegalStateException("b")))));
    }

    @Test
    public void aFailureWithoutSqlStateIsDescribedByItsTypeAndMessage() {
        assertEquals("IllegalStateException: boom", DatabaseErrors.describe(new IllegalStateException("boom")));
    }

    @Test
    public void aDriverFailureIsDescribedByItsFirstLineAndSqlState() {
        XAException e = xa(XAException.XAER_RMERR, new SQLException("no such thing\n  Detail: xid 1/2/3", "42704"));
        assertEquals("no such thing (SQL state 42704)", DatabaseErrors.describe(e));
    }
}
