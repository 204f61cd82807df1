package org.fdtserver.transaction.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handler's handle on a session it has been lent: every call goes to the session except
 * {@code close}, which is the lender's to act on (the session's owner ends its use, not the
 * handler). It notes a call that changes the session for whoever uses it next (pgjdbc keeps
 * read-only, the isolation level, the schema, ... on the physical session): the lender then
 * closes the session instead of pooling it.
 */
final class LentConnection implements InvocationHandler {

    /** What the lender does with the session once the handler is done with it. */
    @FunctionalInterface
    interface GiveBack {
        /** @param sessionChanged whether the handler changed a setting of the session */
        void giveBack(boolean sessionChanged);
    }

    /** The {@link Connection} calls that change the session beyond the handler's use. */
    private static final Set<String> SESSION_SETTINGS = Set.of("setReadOnly", "setTransactionIsolation", "setSchema",
            "setCatalog", "setHoldability", "setTypeMap", "setClientInfo", "setNetworkTimeout");

    private final Connection session;
    /** What the first close does, or null when close is ignored. */
    private final GiveBack giveBack;
    private final AtomicBoolean returned = new AtomicBoolean();
    private volatile boolean sessionChanged;
    private final Connection handle;

    private LentConnection(Connection session, GiveBack giveBack) {
        this.session = session;
        this.giveBack = giveBack;
        this.handle = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this);
    }

    /** @return a handle whose close does nothing: the session stays the branch's until it ends */
    static LentConnection ignoringClose(Connection session) {
        return new LentConnection(session, null);
    }

    /** @return a handle whose first close runs {@code giveBack}, and which then reports itself closed */
    static Connection givenBackOnClose(Connection session, GiveBack giveBack) {
        return new LentConnection(session, giveBack).handle;
    }

    /** @return what the handler gets */
    Connection handle() {
        return handle;
    }

    /** @return whether the handler called a {@link #SESSION_SETTINGS setting} (even one that failed) */
    boolean sessionChanged() {
        return sessionChanged;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("close")) {
            if (giveBack != null && returned.compareAndSet(false, true)) {
                giveBack.giveBack(sessionChanged);
            }
            return null;
        }
        if (method.getName().equals("isClosed") && returned.get()) {
            return true;
        }
        if (SESSION_SETTINGS.contains(method.getName())) {
            sessionChanged = true;
        }
        try {
            return method.invoke(session, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
