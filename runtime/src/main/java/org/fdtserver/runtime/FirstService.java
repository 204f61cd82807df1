package org.fdtserver.runtime;

import java.util.concurrent.CompletableFuture;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/** Tracks a service and completes a future with the first one that registers, so nobody polls for it. */
final class FirstService<S> extends ServiceTracker<S, S> {

    private final CompletableFuture<S> first = new CompletableFuture<>();

    /**
     * Opens the tracker; a service already registered completes the future at once.
     *
     * @param context the bundle context to look in
     * @param type the service type
     */
    FirstService(BundleContext context, Class<S> type) {
        super(context, type, null);
        open();
    }

    @Override
    public S addingService(ServiceReference<S> reference) {
        S service = super.addingService(reference);
        if (service != null) {
            first.complete(service);
        }
        return service;
    }

    /** @return completes with the first service of the type (the first tracked one, and it stays that) */
    CompletableFuture<S> first() {
        return first;
    }
}
