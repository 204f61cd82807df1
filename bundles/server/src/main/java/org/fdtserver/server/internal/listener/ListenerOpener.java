package org.fdtserver.server.internal.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.fdtserver.runtime.spi.ListenerSpec;
import org.fdtserver.server.internal.connection.ConnectionInitializer;
import org.fdtserver.server.internal.connection.ConnectionTracker;
import org.fdtserver.server.internal.connection.FrameLimits;
import org.fdtserver.server.internal.connection.ListenerConnections;
import org.fdtserver.server.internal.connection.WarningThrottle;
import org.fdtserver.server.internal.connection.WorkInterceptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a listener's server channel: registers the inherited socket, or binds one where there is none. */
public final class ListenerOpener implements Function<ListenerSlot, Channel> {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerOpener.class);

    private final EventLoopGroup group;
    private final FrameLimits limits;
    private final Map<String, ? extends Executor> shares;
    private final ConnectionTracker tracker;
    private final WorkInterceptors interceptors;
    private final WarningThrottle warnings;

    /**
     * @param shares each listener's share of the worker's pool, by listener name
     */
    public ListenerOpener(EventLoopGroup group, FrameLimits limits, Map<String, ? extends Executor> shares,
            ConnectionTracker tracker, WorkInterceptors interceptors, WarningThrottle warnings) {
        this.interceptors = interceptors;
        this.group = group;
        this.limits = limits;
        this.shares = shares;
        this.tracker = tracker;
        this.warnings = warnings;
    }

    @Override
    public Channel apply(ListenerSlot slot) {
        ListenerSpec spec = slot.spec();
        ChannelFuture opened = open(spec, bootstrap(slot));
        opened.syncUninterruptibly();
        Channel channel = opened.channel();
        LOG.info("listener {} accepting on {}{}", spec.name(), channel.localAddress(),
                spec.fd() >= 0 ? " (inherited fd " + spec.fd() + ")" : spec.reusePort() ? " (reuseport)" : "");
        return channel;
    }

    private ServerBootstrap bootstrap(ListenerSlot slot) {
        return new ServerBootstrap()
                .group(group)
                // Workers share one accept queue. Edge-triggered, many accepts per wake-up, the
                // first worker awake took nearly every connection of a burst (63 of 64 measured),
                // leaving the others idle. Level-triggered with one accept per wake-up, every
                // worker is woken while connections wait and each takes its turn. Both are Netty
                // settings of this process's epoll registration, not options of the shared socket.
                .option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(1))
                // A client that shuts down its sending side still gets the answers to what it sent:
                // the connection stays open for writing until they are out (ConnectionHandler).
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ConnectionInitializer(connections(slot), limits));
    }

    private static ChannelFuture open(ListenerSpec spec, ServerBootstrap bootstrap) {
        if (spec.fd() >= 0) {
            // The launcher bound the socket and listens on it for every worker: register, don't
            // bind, and set no socket option, since that would change the socket for all of them.
            int fd = spec.fd();
            ChannelFactory<EpollServerSocketChannel> inherited = () -> new EpollServerSocketChannel(fd);
            return bootstrap.channelFactory(inherited).register();
        }
        // A reuseport listener: every worker binds the same address with SO_REUSEPORT and the
        // kernel spreads connections over their sockets.
        return bootstrap.channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(EpollChannelOption.SO_REUSEPORT, spec.reusePort())
                .bind(spec.host(), spec.port());
    }

    private ListenerConnections connections(ListenerSlot slot) {
        String name = slot.spec().name();
        return new ListenerConnections(name, slot.handler(), shares.get(name), slot.nonBlocking(), tracker,
                interceptors, warnings);
    }
}
