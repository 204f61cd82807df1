package org.fdtserver.benchmarks.baseline;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/** Writes every decoded line back with its newline, flushing once per read; stateless, so shared. */
@Sharable
final class EchoLineHandler extends SimpleChannelInboundHandler<String> {

    static final EchoLineHandler INSTANCE = new EchoLineHandler();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        ctx.write(line + "\n");
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
