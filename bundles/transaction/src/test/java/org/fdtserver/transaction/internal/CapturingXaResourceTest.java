package org.fdtserver.transaction.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.Test;

/** The wrapper passes the calls the manager makes outside a branch's life to the session's resource. */
public class CapturingXaResourceTest {

    private final List<String> calls = new ArrayList<>();
    private final Xid xid = new BranchIds.SimpleXid(1, new byte[] {1}, new byte[] {2});
    private final Xid[] recovered = {xid};

    /** A session's resource that records its calls; it is the same RM only as itself. */
    private XAResource session() {
        return (XAResource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {XAResource.class},
                (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "" : " " + (args[0] == proxy ? "itself" : args[0])));
                    return switch (method.getName()) {
                        case "recover" -> recovered;
                        case "isSameRM" -> args[0] == proxy;
                        case "getTransactionTimeout" -> 77;
                        default -> null;
                    };
                });
    }

    @Test
    public void recoverForgetAndTheTimeoutGoToTheSession() throws Exception {
        CapturingXaResource res = new CapturingXaResource(session());
        assertArrayEquals(recovered, res.recover(XAResource.TMSTARTRSCAN));
        res.forget(xid);
        assertEquals(77, res.getTransactionTimeout());
        assertEquals(List.of("recover " + XAResource.TMSTARTRSCAN, "forget " + xid, "getTransactionTimeout"), calls);
    }

    @Test
    public void twoWrappersOfOneSessionAreTheSameResourceManagerAndAWrapperIsItself() throws Exception {
        XAResource session = session();
        CapturingXaResource a = new CapturingXaResource(session);
        assertTrue(a.isSameRM(a));
        assertEquals("itself needs no question", List.of(), calls);
        assertTrue("the other wrapper is unwrapped", a.isSameRM(new CapturingXaResource(session)));
        assertEquals(List.of("isSameRM itself"), calls);
        assertFalse(a.isSameRM(new CapturingXaResource(session())));
        assertSame(null, a.started());
    }
}
