package org.fdtserver.transaction.internal;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * Passes every call to the pinned connection's resource and remembers the branch xid the
 * transaction manager started it with, which is what PostgreSQL prepares under and what phase
 * two at the resource needs.
 */
final class CapturingXaResource implements XAResource {

    private final XAResource delegate;
    private volatile Xid started;

    CapturingXaResource(XAResource delegate) {
        this.delegate = delegate;
    }

    /** @return the branch xid, or null before the manager started the branch */
    Xid started() {
        return started;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        delegate.start(xid, flags);
        started = xid;
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        delegate.end(xid, flags);
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return delegate.prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        delegate.commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        delegate.rollback(xid);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        delegate.forget(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return delegate.recover(flag);
    }

    @Override
    public boolean isSameRM(XAResource other) throws XAException {
        return other == this || delegate.isSameRM(other instanceof CapturingXaResource c ? c.delegate : other);
    }

    @Override
    public int getTransactionTimeout() throws XAException {
        return delegate.getTransactionTimeout();
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        return delegate.setTransactionTimeout(seconds);
    }
}
