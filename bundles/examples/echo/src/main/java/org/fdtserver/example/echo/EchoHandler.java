package org.fdtserver.example.echo;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.nio.charset.StandardCharsets;
import org.fdtserver.api.CodecContext;
import org.fdtserver.api.Connection;
import org.fdtserver.api.ProtocolHandler;
import org.osgi.service.component.annotations.Component;

/**
 * Serves the {@code echo} listener: every line a client sends comes back to it unchanged. It never
 * blocks, so it declares {@link ProtocolHandler#NON_BLOCKING} and runs on the I/O threads.
 */
@Component(property = {ProtocolHandler.LISTENER + "=echo", ProtocolHandler.NON_BLOCKING + ":Boolean=true"})
public final class EchoHandler implements ProtocolHandler {

    @Override
    public void initCodec(ChannelPipeline pipeline, CodecContext context) {
        pipeline.addLast("lines", new LineBasedFrameDecoder(context.maxFrameLength()));
        pipeline.addLast("utf8-decoder", new StringDecoder(StandardCharsets.UTF_8));
        pipeline.addLast("utf8-encoder", new StringEncoder(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(Connection connection, Object message) {
        connection.write(message + "\n");
    }
}
