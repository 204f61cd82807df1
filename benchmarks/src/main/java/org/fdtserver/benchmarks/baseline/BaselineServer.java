package org.fdtserver.benchmarks.baseline;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;

/**
 * The hand-written Netty server fdtserver is measured against: the echo and hello-world HTTP
 * protocols of the example bundles, with the same responses, in one JVM with a given number of
 * epoll event loops doing everything (no pool, no OSGi, no launcher).
 *
 * <p>Usage: {@code BaselineServer <echo-port> <http-port> <event-loops>}; serves on 127.0.0.1
 * until killed.
 */
public final class BaselineServer {

    /** The same limits as fdtserver's defaults and its http example's codec. */
    static final int MAX_FRAME_LENGTH = 65536;

    private BaselineServer() {
    }

    /**
     * @param args echo port, http port, number of event loops
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: BaselineServer <echo-port> <http-port> <event-loops>");
        }
        int echoPort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        int loops = Integer.parseInt(args[2]);
        EventLoopGroup group = new EpollEventLoopGroup(loops, new DefaultThreadFactory("baseline-io", true));
        Channel echo = bind(group, echoPort, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_FRAME_LENGTH),
                        new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8),
                        EchoLineHandler.INSTANCE);
            }
        });
        Channel http = bind(group, httpPort, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192), new HelloHttpHandler());
            }
        });
        System.out.println("baseline serving echo on " + echo.localAddress() + ", http on " + http.localAddress()
                + " with " + loops + " event loops, pid " + ProcessHandle.current().pid());
        http.closeFuture().sync();
    }

    private static Channel bind(EventLoopGroup group, int port, ChannelInitializer<SocketChannel> initializer)
            throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(initializer)
                .bind("127.0.0.1", port)
                .sync()
                .channel();
    }
}
