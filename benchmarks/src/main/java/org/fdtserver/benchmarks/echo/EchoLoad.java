package org.fdtserver.benchmarks.echo;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A load generator for the echo line protocol, in the spirit of wrk: opens the connections,
 * keeps {@code depth} lines in flight on each (1 = request/response, more = pipelined) for the
 * given time, and prints one {@link LoadResult} line with throughput, latency and errors.
 *
 * <p>Usage: {@code EchoLoad <host> <port> <connections> <seconds> <depth> [threads]}.
 */
public final class EchoLoad {

    private EchoLoad() {
    }

    /**
     * @param args host, port, connections, seconds, pipeline depth, and optionally event loops (default 2)
     * @throws InterruptedException if interrupted while measuring
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 5 || args.length > 6) {
            throw new IllegalArgumentException(
                    "usage: EchoLoad <host> <port> <connections> <seconds> <depth> [threads]");
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int connections = positive("connections", args[2]);
        int seconds = positive("seconds", args[3]);
        int depth = positive("depth", args[4]);
        int threads = args.length == 6 ? positive("threads", args[5]) : 2;
        System.out.println(run(host, port, connections, seconds, depth, threads).format());
    }

    static LoadResult run(String host, int port, int connections, int seconds, int depth, int threads)
            throws InterruptedException {
        Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong errors = new AtomicLong();
        EventLoopGroup group = new EpollEventLoopGroup(threads, new DefaultThreadFactory("echo-load", true));
        try {
            List<EchoClientHandler> clients = new ArrayList<>();
            List<ChannelFuture> connects = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                EchoClientHandler client = new EchoClientHandler(depth, latencies, errors);
                clients.add(client);
                connects.add(new Bootstrap().group(group).channel(EpollSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                ch.pipeline().addLast(new LineBasedFrameDecoder(EchoClientHandler.MAX_LINE), client);
                            }
                        })
                        .connect(host, port));
            }
            for (ChannelFuture connect : connects) {
                if (!connect.awaitUninterruptibly().isSuccess()) {
                    errors.incrementAndGet();
                }
            }
            latencies.reset();
            long startNanos = System.nanoTime();
            clients.forEach(EchoClientHandler::start);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            clients.forEach(EchoClientHandler::stop);
            long elapsedNanos = System.nanoTime() - startNanos;
            Histogram measured = latencies.getIntervalHistogram();
            clients.forEach(EchoClientHandler::close);
            return new LoadResult(measured, elapsedNanos, errors.get());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static int positive(String name, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return parsed;
    }
}
