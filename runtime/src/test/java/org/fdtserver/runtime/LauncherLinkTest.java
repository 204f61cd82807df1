package org.fdtserver.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.fdtserver.runtime.protocol.LineChannel;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What the worker does with the lines its launcher sends, over a real control socket. */
public class LauncherLinkTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger log = Logger.getLogger(LauncherLink.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Before
    public void captureLog() {
        log.addHandler(capture);
    }

    @After
    public void releaseLog() {
        log.removeHandler(capture);
    }

    @Test
    public void garbageAndWorkerVerbsAreIgnoredHaltAndDrainAreObeyed() throws IOException {
        Path socket = tmp.getRoot().toPath().resolve("control.sock");
        try (ServerSocketChannel launcher = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            launcher.bind(UnixDomainSocketAddress.of(socket));
            try (LauncherLink link = LauncherLink.connect(socket); SocketChannel worker = launcher.accept()) {
                link.startReading(new LauncherLink.Listener() {
                    @Override
                    public void drainRequested() {
                        heard.add("drain");
                    }

                    @Override
                    public void haltRequested() {
                        heard.add("halt");
                    }

                    @Override
                    public void launcherGone() {
                        heard.add("gone");
                    }
                });
                LineChannel lines = new LineChannel(worker);
                lines.writeLine("FLY away");
                lines.writeLine("READY");
                lines.writeLine("HALT");
                lines.writeLine("DRAIN");
                worker.close();
                await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("gone"));
            }
        }
        assertEquals(List.of("halt", "drain", "gone"), heard);
        assertTrue(logged.toString(), logged.contains("WARNING ignoring unexpected launcher message READY"));
        assertTrue(logged.toString(), logged.contains("WARNING ignoring launcher message: unknown control verb 'FLY'"));
    }
}
