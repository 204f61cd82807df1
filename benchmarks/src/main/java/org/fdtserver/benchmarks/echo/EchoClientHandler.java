package org.fdtserver.benchmarks.echo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * One load connection: keeps {@code depth} lines in flight, checks that each line comes back
 * unchanged, and records the time from sending a line to receiving it. One per channel; all its
 * state is touched on the channel's event loop only, except the {@code running} flag.
 */
final class EchoClientHandler extends ChannelInboundHandlerAdapter {

    static final int MAX_LINE = 1024;

    /** The line every request sends, without its newline: 31 bytes on the wire with it. */
    static final ByteBuf LINE = Unpooled.unreleasableBuffer(Unpooled.unmodifiableBuffer(
            Unpooled.copiedBuffer("hello fdtserver, echo this line", StandardCharsets.US_ASCII)));
    private static final ByteBuf REQUEST = Unpooled.unreleasableBuffer(Unpooled.unmodifiableBuffer(
            Unpooled.directBuffer().writeBytes(LINE.duplicate()).writeByte('\n')));

    private final int depth;
    private final Recorder latencies;
    private final AtomicLong errors;
    /** Send times of the lines in flight, oldest at {@code head}; the echo answers in order. */
    private final long[] sentNanos;
    private int head;
    private int inFlight;
    private volatile boolean running;
    private Channel channel;

    EchoClientHandler(int depth, Recorder latencies, AtomicLong errors) {
        this.depth = depth;
        this.latencies = latencies;
        this.errors = errors;
        this.sentNanos = new long[depth];
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.fireChannelActive();
    }

    /** Starts sending, from any thread; a connection that failed to open stays idle. */
    void start() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        running = true;
        ch.eventLoop().execute(() -> {
            for (int i = 0; i < depth; i++) {
                send(ch, false);
            }
            ch.flush();
        });
    }

    /** Stops counting: answers after this are not recorded and no more lines are sent. */
    void stop() {
        running = false;
    }

    void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf line = (ByteBuf) msg;
        try {
            if (!running) {
                return;
            }
            long now = System.nanoTime();
            if (inFlight == 0 || !ByteBufUtil.equals(line, LINE)) {
                errors.incrementAndGet();
                return;
            }
            latencies.recordValue(now - sentNanos[head]);
            head = (head + 1) % depth;
            inFlight--;
            send(ctx.channel(), false);
        } finally {
            line.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (running) {
            errors.incrementAndGet(); // the server closed a connection in the middle of the run
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (running) {
            errors.incrementAndGet();
        }
        ctx.close();
    }

    private void send(Channel ch, boolean flush) {
        if (!running) {
            return;
        }
        sentNanos[(head + inFlight) % depth] = System.nanoTime();
        inFlight++;
        if (flush) {
            ch.writeAndFlush(REQUEST.duplicate(), ch.voidPromise());
        } else {
            ch.write(REQUEST.duplicate(), ch.voidPromise());
        }
    }
}
