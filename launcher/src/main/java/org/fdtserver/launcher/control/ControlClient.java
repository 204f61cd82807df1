package org.fdtserver.launcher.control;

import org.fdtserver.runtime.protocol.LineChannel;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fdtserver.runtime.protocol.ControlMessage;

/** The command line's side of the control socket: one {@code CLI <command>} request, all answer lines. */
public final class ControlClient {

    private ControlClient() {
    }

    /**
     * @param socket the launcher's control socket
     * @param command the command, e.g. {@code workers}
     * @return the lines the launcher answered before closing
     * @throws IOException if no launcher listens there
     */
    public static List<String> ask(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            LineChannel io = new LineChannel(ch);
            io.writeLine(new ControlMessage(ControlMessage.Verb.CLI, command).format());
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = io.readLine()) != null) {
                lines.add(line);
            }
            return lines;
        }
    }
}
