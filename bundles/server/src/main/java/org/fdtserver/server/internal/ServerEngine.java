package org.fdtserver.server.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.fdtserver.api.ProtocolHandler;
import org.fdtserver.api.spi.WorkInterceptor;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.runtime.spi.ListenerState;
import org.fdtserver.runtime.spi.ServingEngine;
import org.fdtserver.runtime.spi.WorkerContext;
import org.fdtserver.server.internal.connection.ConnectionTracker;
import org.fdtserver.server.internal.connection.FrameLimits;
import org.fdtserver.server.internal.connection.WarningThrottle;
import org.fdtserver.server.internal.connection.WorkInterceptors;
import org.fdtserver.server.internal.execution.ApplicationPool;
import org.fdtserver.server.internal.execution.ThreadShare;
import org.fdtserver.server.internal.listener.HandlerBindings;
import org.fdtserver.server.internal.listener.ListenerOpener;
import org.fdtserver.server.internal.listener.ListenerSlot;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker's server engine: matches protocol handlers to listeners, accepts on them, and drains. */
@Component(service = ServingEngine.class, configurationPid = ServerSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerSettings.class)
public final class ServerEngine implements ServingEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ServerEngine.class);

    private final ServerSettings settings;
    /** Every configured listener by name, in configuration order; the keys never change. */
    private final Map<String, ListenerSlot> slots;
    /** Which bound handler serves which listener; guarded by this. */
    private final HandlerBindings bindings;
    private final ThreadPoolExecutor pool;
    /** Each listener's share of the pool, by listener name; the keys never change. */
    private final Map<String, ThreadShare> shares;
    private final ConnectionTracker tracker;
    private final WorkInterceptors interceptors = new WorkInterceptors();
    private final WarningThrottle warnings = new WarningThrottle();
    /** Completed the first time every listener has its handler. */
    private final CompletableFuture<Void> handlersBound = new CompletableFuture<>();
    private EventLoopGroup group; // guarded by this
    private CompletionStage<Void> drained; // guarded by this
    private boolean stopped; // guarded by this

    /**
     * Builds the engine for one worker; it accepts nothing until {@link #startAccepting()}.
     *
     * @param context the worker's listeners
     * @param settings the engine's configuration
     */
    @Activate
    public ServerEngine(@Reference(name = "workerContext") WorkerContext context, ServerSettings settings) {
        this.settings = settings;
        Map<String, ListenerSlot> bySlot = new LinkedHashMap<>();
        for (ListenerSpec spec : context.listeners()) {
            if (bySlot.putIfAbsent(spec.name(), new ListenerSlot(spec)) != null) {
                throw new IllegalArgumentException("listener " + spec.name() + " is configured twice");
            }
        }
        this.slots = Collections.unmodifiableMap(bySlot);
        this.bindings = new HandlerBindings(slots);
        this.pool = ApplicationPool.create(settings.threads());
        int listeners = context.listeners().size();
        Map<String, ThreadShare> byListener = new LinkedHashMap<>();
        Map<String, Integer> connectionShares = new LinkedHashMap<>();
        List<String> described = new ArrayList<>();
        for (ListenerSpec spec : context.listeners()) {
            int threads = ListenerSpec.share(spec.threads(), settings.threads(), listeners);
            int connections = ListenerSpec.share(spec.maxConnections(), settings.maxConnections(), listeners);
            byListener.put(spec.name(), new ThreadShare(pool, threads));
            connectionShares.put(spec.name(), connections);
            described.add(spec.name() + " (up to " + threads + " threads, " + connections + " connections)");
        }
        this.shares = Collections.unmodifiableMap(byListener);
        this.tracker = new ConnectionTracker(settings.maxConnections(), connectionShares);
        LOG.info("server engine for worker {}: listeners {}, {} pool threads, {} connections, {} I/O threads",
                context.workerId(), described, settings.threads(), settings.maxConnections(), settings.ioThreads());
        completeWhenAllBound();
    }

    /** Takes a handler service for the listeners it names; see {@link HandlerBindings#bind}. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindHandler")
    synchronized void bindHandler(ProtocolHandler handler, Map<String, Object> properties) {
        bindings.bind(handler, properties);
        completeWhenAllBound();
    }

    private void completeWhenAllBound() {
        if (slots.values().stream().noneMatch(slot -> slot.state() == ListenerState.WAITING_FOR_HANDLER)) {
            handlersBound.complete(null);
        }
    }

    @Override
    public CompletionStage<Void> handlersBound() {
        return handlersBound.minimalCompletionStage();
    }

    /** Interceptors run around every unit of work, e.g. the transaction binding's resume and suspend. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindInterceptor")
    void bindInterceptor(WorkInterceptor interceptor) {
        interceptors.add(interceptor);
    }

    void unbindInterceptor(WorkInterceptor interceptor) {
        interceptors.remove(interceptor);
    }

    synchronized void unbindHandler(ProtocolHandler handler) {
        bindings.unbind(handler);
    }

    @Override
    public synchronized List<String> handlerProblems() {
        return bindings.problems();
    }

    @Override
    public Map<String, ListenerState> listeners() {
        Map<String, ListenerState> states = new LinkedHashMap<>();
        slots.forEach((name, slot) -> states.put(name, slot.state()));
        return states;
    }

    @Override
    public synchronized void startAccepting() {
        if (stopped || drained != null) {
            throw new IllegalStateException("the engine is " + (stopped ? "stopped" : "draining") + "; it accepts no more");
        }
        bindings.checkEveryListenerServed();
        ListenerOpener opener = new ListenerOpener(eventLoops(),
                new FrameLimits(settings.maxFrameLength(), settings.idleTimeoutMillis(), settings.frameTimeoutMillis()), shares, tracker, interceptors, warnings);
        for (ListenerSlot slot : slots.values()) {
            try {
                slot.open(opener);
            } catch (Exception e) {
                throw new IllegalStateException("listener " + slot.spec().name() + " on " + slot.spec().address()
                        + " cannot accept: " + e, e);
            }
        }
    }

    @Override
    public synchronized CompletionStage<Void> drain() {
        if (drained == null && stopped) {
            drained = CompletableFuture.<Void>completedFuture(null).minimalCompletionStage();
        }
        if (drained == null) {
            LOG.info("draining: closing listeners, {} connections open", tracker.size());
            slots.values().forEach(slot -> slot.close("the worker drains"));
            CompletableFuture<Void> done = tracker.drain();
            scheduleForceClose(done);
            done.thenRun(() -> LOG.info("drained: no connection left"));
            drained = done.minimalCompletionStage();
        }
        return drained;
    }

    @Override
    public int openConnections() {
        return tracker.size();
    }

    @Override
    public int busyThreads() {
        return pool.getActiveCount();
    }

    @Override
    public int poolThreads() {
        return pool.getMaximumPoolSize();
    }

    /** Closes every listener and connection, then stops the event loops and the pool. */
    @Deactivate
    synchronized void deactivate() {
        stopped = true;
        slots.values().forEach(slot -> slot.close("the server engine stops"));
        tracker.forceCloseAll("server engine stopping");
        if (group != null) {
            // Let the event loops run the closes, which queue the handlers' disconnected() calls.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("application threads still busy after 2 s; interrupting them");
                stopPoolNow();
            }
        } catch (InterruptedException e) {
            stopPoolNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("server engine stopped");
    }

    /** Drops the work that waits, in a listener's share or in the pool's queue, and interrupts the pool's threads. */
    private void stopPoolNow() {
        shares.values().forEach(ThreadShare::clear); // first: an interrupted runner must find nothing more to run
        pool.shutdownNow();
    }

    private EventLoopGroup eventLoops() {
        if (group == null) {
            if (!Epoll.isAvailable()) {
                LOG.error("the native epoll transport is unavailable", Epoll.unavailabilityCause());
                throw new IllegalStateException("the native epoll transport is unavailable: "
                        + Epoll.unavailabilityCause(), Epoll.unavailabilityCause());
            }
            group = new EpollEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("fdt-io", true));
        }
        return group;
    }

    /** Bounds the drain: after the graceful timeout, whatever is still open is cut. */
    private void scheduleForceClose(CompletableFuture<Void> done) {
        if (done.isDone()) {
            return;
        }
        // Open connections mean the engine accepted, which created the event loops.
        ScheduledFuture<?> timer = group.next().schedule(() -> {
            if (!done.isDone()) {
                LOG.warn("graceful timeout of {} ms passed with {} connections open; closing them",
                        settings.gracefulTimeoutMillis(), tracker.size());
                tracker.forceCloseAll("graceful timeout");
            }
        }, settings.gracefulTimeoutMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((ignored, failure) -> timer.cancel(false));
    }
}
