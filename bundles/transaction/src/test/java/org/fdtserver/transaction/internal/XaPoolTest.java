package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.XAConnection;
import org.junit.Test;
import org.postgresql.xa.PGXADataSource;

/** The pool's answers that need no database. */
public class XaPoolTest {

    @Test
    public void aBorrowerOnAnInterruptedThreadIsToldSoAndKeepsItsInterrupt() {
        XaPool pool = new XaPool(new PGXADataSource(), "jdbc:postgresql://127.0.0.1:1/none", 1, 5_000, "",
                XaPool.VALIDATE_AFTER_IDLE_MILLIS);
        Thread.currentThread().interrupt();
        SQLException e = assertThrows(SQLException.class, pool::borrow);
        assertTrue("the interrupt is kept for the caller", Thread.interrupted());
        assertEquals("interrupted while waiting for a database connection", e.getMessage());
    }

    @Test
    public void aConnectionThatFailsToCloseIsClosedQuietly() {
        AtomicInteger closes = new AtomicInteger();
        XAConnection failing = (XAConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {XAConnection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        closes.incrementAndGet();
                        throw new SQLException("socket already gone");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        XaPool.closeQuietly(failing);
        assertEquals(1, closes.get());
    }

    @Test
    public void aClosedPoolLendsNothingEvenWithoutWaiting() {
        XaPool pool = new XaPool(new PGXADataSource(), "jdbc:postgresql://127.0.0.1:1/none", 1, 5_000, "",
                XaPool.VALIDATE_AFTER_IDLE_MILLIS);
        pool.close();
        SQLException e = assertThrows(SQLException.class, pool::tryBorrow);
        assertEquals("the database connection pool of this worker is closed", e.getMessage());
    }
}
