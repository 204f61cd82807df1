package org.fdtserver.transaction.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handler's handle on a session it has been lent: every call goes to the session except
 * {@code close}, which is the lender's to act on (the session's owner ends its use, not the
 * handler).
 */
final class LentConnection implements InvocationHandler {

    private final Connection session;
    /** What the first close does, or null when close is ignored. */
    private final Runnable giveBack;
    private final AtomicBoolean returned = new AtomicBoolean();

    private LentConnection(Connection session, Runnable giveBack) {
        this.session = session;
        this.giveBack = giveBack;
    }

    /** @return a handle whose close does nothing: the session stays the branch's until it ends */
    static Connection ignoringClose(Connection session) {
        return proxy(new LentConnection(session, null));
    }

    /** @return a handle whose first close runs {@code giveBack}, and which then reports itself closed */
    static Connection givenBackOnClose(Connection session, Runnable giveBack) {
        return proxy(new LentConnection(session, giveBack));
    }

    private static Connection proxy(LentConnection handler) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("close")) {
            if (giveBack != null && returned.compareAndSet(false, true)) {
                giveBack.run();
            }
            return null;
        }
        if (method.getName().equals("isClosed") && returned.get()) {
            return true;
        }
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
