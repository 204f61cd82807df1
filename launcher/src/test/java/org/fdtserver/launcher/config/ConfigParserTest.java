package org.fdtserver.launcher.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConfigParserTest {

    private static final Path FILE = Path.of("config/x.properties");
    private static final Path HOME = Path.of("/opt/fdt");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static LauncherConfig parse(String... keyValues) throws ConfigException {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return ConfigParser.parse(FILE, p, HOME);
    }

    private static void assertRejected(String expected, String... keyValues) {
        try {
            parse(keyValues);
            fail("accepted " + List.of(keyValues));
        } catch (ConfigException e) {
            assertEquals(expected, e.getMessage());
        }
    }

    @Test
    public void emptyFileGivesTheDocumentedDefaults() throws Exception {
        LauncherConfig c = parse();
        assertEquals(0, c.workers());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.effectiveWorkers());
        assertEquals(16, c.threads());
        assertEquals(1, c.ioThreads());
        assertEquals(Duration.ofSeconds(30), c.gracefulTimeout());
        assertEquals(Duration.ofSeconds(60), c.readyTimeout());
        assertEquals(65536, c.maxFrameLength());
        assertEquals(Duration.ofSeconds(60), c.idleTimeout());
        assertEquals(10000, c.maxConnections());
        assertEquals(Duration.ofSeconds(30), c.frameTimeout());
        assertEquals("INFO", c.logLevel());
        assertEquals(List.of(new ListenerConfig("echo", "127.0.0.1", 7000, 1024),
                new ListenerConfig("http", "127.0.0.1", 8080, 1024),
                new ListenerConfig("ledger", "127.0.0.1", 7100, 1024)), c.listeners());
        assertEquals(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Xss512k"), c.jvmOptions());
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java"), c.java());
        assertEquals(HOME.resolve("run"), c.runDir());
        assertEquals(HOME.resolve("log"), c.logDir());
        assertEquals(HOME.resolve("data"), c.dataDir());
        assertEquals(HOME.resolve("bundles"), c.bundlesDir());
        assertEquals(HOME.resolve("run/fdtserver.pid"), c.pidFile());
        assertEquals(HOME.resolve("run/control.sock"), c.controlSocket());
        // The spi states the shipped defaults too (bundles use them without a launcher): one truth.
        assertEquals(new org.fdtserver.runtime.protocol.EngineSettings(16, 1, 65536, 60_000, 10_000, 30_000, 30_000), c.engineSettings());
    }

    /** A home whose bundles directory exists, as {@link ConfigParser#load} checks it. */
    private Path homeWithBundles(String bundlesDir) throws IOException {
        Path home = tmp.newFolder("home").toPath();
        Files.createDirectories(home.resolve(bundlesDir));
        return home;
    }

    @Test
    public void shippedFileParsesToTheDefaults() throws Exception {
        Path shipped = Path.of("../config/fdtserver.properties");
        Path home = homeWithBundles("bundles");
        LauncherConfig c = ConfigParser.load(shipped, home);
        LauncherConfig defaults = parse();
        assertEquals(defaults.listeners(), c.listeners());
        assertEquals(defaults.engineSettings(), c.engineSettings());
        assertEquals(defaults.jvmOptions(), c.jvmOptions());
        assertEquals(home.resolve("run"), c.runDir());
    }

    @Test
    public void loadingLeavesNoDescriptorOfTheBundlesDirectoryOpen() throws Exception {
        Path home = homeWithBundles("bundles");
        ConfigParser.load(Path.of("../config/fdtserver.properties"), home);
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            List<Path> open = fds.flatMap(fd -> {
                try {
                    return java.util.stream.Stream.of(Files.readSymbolicLink(fd));
                } catch (IOException e) {
                    return java.util.stream.Stream.empty(); // the listing's own descriptor, already closed
                }
            }).filter(target -> target.equals(home.resolve("bundles"))).toList();
            assertEquals("a reload does not leak a descriptor each time", List.of(), open);
        }
    }

    @Test
    public void theHighestPortIsAListenerPort() throws Exception {
        LauncherConfig c = parse("listeners", "a", "listener.a.address", "127.0.0.1:65535");
        assertEquals(65535, c.listeners().get(0).port());
        assertRejected("config/x.properties: key 'listener.a.address': expected host:port (IPv6 as [::1]:port, port 0..65535), got '127.0.0.1:65536'",
                "listeners", "a", "listener.a.address", "127.0.0.1:65536");
    }

    @Test
    public void emptyListenerNamesFromStrayCommasAreSkipped() throws Exception {
        LauncherConfig c = parse("listeners", " a, ,b,", "listener.a.address", "127.0.0.1:9000",
                "listener.b.address", "127.0.0.1:9001");
        assertEquals(List.of("a", "b"), c.listeners().stream().map(ListenerConfig::name).toList());
    }

    @Test
    public void goodFileIsReadWithEveryValue() throws Exception {
        Path f = tmp.newFile("good.properties").toPath();
        Files.writeString(f, String.join("\n",
                "workers=3", "threads=8", "io_threads=2", "graceful_timeout=500ms", "ready_timeout=2m",
                "max_frame_length=1024", "idle_timeout=0", "max_connections=5", "log_level=debug",
                "listeners=a, b", "listener.a.address=0.0.0.0:9000", "listener.b.address=[::1]:9001",
                "listener.b.backlog=50", "worker.jvm_options=  -Xmx64m   -Dx=y ", "worker.java=/usr/bin/java",
                "run_dir=/var/run/fdt", "log_dir=logs", "data_dir=d", "bundles_dir=apps"));
        Path home = homeWithBundles("apps");
        LauncherConfig c = ConfigParser.load(f, home);
        assertEquals(3, c.effectiveWorkers());
        assertEquals(Duration.ofMillis(500), c.gracefulTimeout());
        assertEquals(Duration.ofMinutes(2), c.readyTimeout());
        assertEquals(Duration.ZERO, c.idleTimeout());
        assertEquals("FINE", c.logLevel());
        assertEquals(List.of(new ListenerConfig("a", "0.0.0.0", 9000, 1024), new ListenerConfig("b", "::1", 9001, 50)),
                c.listeners());
        assertEquals("[::1]:9001", c.listeners().get(1).address());
        assertEquals(List.of("-Xmx64m", "-Dx=y"), c.jvmOptions());
        assertEquals(Path.of("/usr/bin/java"), c.java());
        assertEquals(Path.of("/var/run/fdt"), c.runDir());
        assertEquals(home.resolve("logs"), c.logDir());
        assertEquals(home.resolve("apps"), c.bundlesDir());
        assertEquals(8, c.engineSettings().threads());
        assertEquals(500, c.engineSettings().gracefulTimeoutMillis());
    }

    @Test
    public void bareNumberIsSeconds() throws Exception {
        assertEquals(Duration.ofSeconds(7), parse("graceful_timeout", "7").gracefulTimeout());
    }

    @Test
    public void malformedNumbers() {
        assertRejected("config/x.properties: key 'workers': expected a whole number >= 0, got 'lots'", "workers", "lots");
        assertRejected("config/x.properties: key 'workers': expected a whole number >= 0, got '-1'", "workers", "-1");
        assertRejected("config/x.properties: key 'threads': expected a whole number >= 1, got '0'", "threads", "0");
        assertRejected("config/x.properties: key 'io_threads': expected a whole number >= 1, got '1.5'", "io_threads", "1.5");
        assertRejected("config/x.properties: key 'max_connections': expected a whole number >= 1, got ''", "max_connections", "");
        assertRejected("config/x.properties: key 'listener.echo.backlog': expected a whole number >= 1, got 'x'",
                "listener.echo.backlog", "x");
    }

    @Test
    public void malformedDurations() {
        assertRejected("config/x.properties: key 'graceful_timeout': expected a duration such as 500ms, 30s, 2m or a number of seconds, got '3h'",
                "graceful_timeout", "3h");
        assertRejected("config/x.properties: key 'ready_timeout': expected a positive duration such as 500ms, 30s, 2m or a number of seconds, got '0s'",
                "ready_timeout", "0s");
        assertRejected("config/x.properties: key 'idle_timeout': expected a duration such as 500ms, 30s, 2m or a number of seconds, got '-5'",
                "idle_timeout", "-5");
    }

    @Test
    public void malformedLogLevel() {
        assertRejected("config/x.properties: key 'log_level': expected one of [SEVERE, WARNING, INFO, CONFIG, FINE, FINER, FINEST, ALL, OFF] or ERROR, WARN, DEBUG, TRACE, got 'loud'",
                "log_level", "loud");
    }

    @Test
    public void unknownKeys() {
        assertRejected("config/x.properties: key 'worker': unknown key", "worker", "2");
        assertRejected("config/x.properties: key 'listener.ftp.address': listener 'ftp' is not named in 'listeners'",
                "listener.ftp.address", "127.0.0.1:21");
        assertRejected("config/x.properties: key 'listener.echo.port': unknown key", "listener.echo.port", "1");
    }

    @Test
    public void listenerErrors() {
        assertRejected("config/x.properties: key 'listener.a.address': missing: every listener needs host:port", "listeners", "a");
        assertRejected("config/x.properties: key 'listener.echo.address': missing: every listener needs host:port", "listeners", "echo");
        assertRejected("config/x.properties: key 'listener.a.address': expected host:port (IPv6 as [::1]:port, port 0..65535), got 'localhost'",
                "listeners", "a", "listener.a.address", "localhost");
        assertRejected("config/x.properties: key 'listener.a.address': expected host:port (IPv6 as [::1]:port, port 0..65535), got 'h:70000'",
                "listeners", "a", "listener.a.address", "h:70000");
        assertRejected("config/x.properties: key 'listener.b.address': address 127.0.0.1:1 is already used by listener 'a'",
                "listeners", "a,b", "listener.a.address", "127.0.0.1:1", "listener.b.address", "127.0.0.1:1");
        assertRejected("config/x.properties: key 'listeners': listener 'a' is named twice", "listeners", "a,a");
        assertRejected("config/x.properties: key 'listeners': a listener name may hold only letters, digits, '_' and '-', got 'a.b'",
                "listeners", "a.b");
        assertRejected("config/x.properties: key 'listeners': expected at least one listener name, got ','", "listeners", " , ");
    }

    @Test
    public void aListenerHostThatDoesNotResolveIsNamedWithItsKey() {
        try {
            parse("listeners", "a", "listener.a.address", "nosuchhost.invalid:7000");
            fail();
        } catch (ConfigException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(
                    "config/x.properties: key 'listener.a.address': unknown host 'nosuchhost.invalid' ("));
        }
    }

    @Test
    public void theBundlesDirectoryMustBeAReadableDirectory() throws Exception {
        Path home = tmp.newFolder("home").toPath();
        Path file = tmp.newFile("bundles.properties").toPath();
        Files.writeString(file, "bundles_dir=/nope\n");
        assertLoadRejected(file + ": key 'bundles_dir': directory /nope does not exist", file, home);
        Files.writeString(file, "bundles_dir=plain-file\n");
        Files.writeString(home.resolve("plain-file"), "not a directory");
        assertLoadRejected(file + ": key 'bundles_dir': " + home.resolve("plain-file") + " is not a directory", file, home);
        // A symbolic link to itself cannot be listed, even by root (who may read any directory).
        Files.createSymbolicLink(home.resolve("loop"), home.resolve("loop"));
        Files.writeString(file, "bundles_dir=loop\n");
        try {
            ConfigParser.load(file, home);
            fail("accepted a bundles_dir that cannot be listed");
        } catch (ConfigException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(
                    file + ": key 'bundles_dir': directory " + home.resolve("loop") + " cannot be read: "));
            assertTrue(e.getMessage(), e.getMessage().contains("Too many levels of symbolic links"));
        }
        Files.createDirectories(home.resolve("loop-free"));
        Files.writeString(file, "bundles_dir=loop-free\n");
        assertEquals(home.resolve("loop-free"), ConfigParser.load(file, home).bundlesDir());
    }

    private static void assertLoadRejected(String expected, Path file, Path home) {
        try {
            ConfigParser.load(file, home);
            fail("accepted " + file);
        } catch (ConfigException e) {
            assertEquals(expected, e.getMessage());
        }
    }

    @Test
    public void atMost32Listeners() throws Exception {
        Properties p = new Properties();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            names.append(i == 0 ? "" : ",").append("l").append(i);
            p.setProperty("listener.l" + i + ".address", "127.0.0.1:" + (10000 + i));
        }
        p.setProperty("listeners", names.toString());
        try {
            ConfigParser.parse(FILE, p, HOME);
            fail();
        } catch (ConfigException e) {
            assertEquals("config/x.properties: key 'listeners': at most 32 listeners, got 33", e.getMessage());
        }
        p.setProperty("listeners", names.substring(0, names.lastIndexOf(",")));
        p.remove("listener.l32.address");
        assertEquals(32, ConfigParser.parse(FILE, p, HOME).listeners().size());
    }

    @Test
    public void aListenerTakesTheDefaultSharesUnlessItsOwnAreSet() throws Exception {
        ListenerConfig http = parse("threads", "8", "max_connections", "100",
                "listener.http.threads", "8", "listener.http.max_connections", "1").listeners().get(1);
        assertEquals(8, http.threads());
        assertEquals(1, http.maxConnections());
        ListenerConfig echo = parse().listeners().get(0);
        assertEquals("0: the worker applies the default share", 0, echo.threads());
        assertEquals(0, echo.maxConnections());
    }

    @Test
    public void aListenerShareIsAWholeNumberUpToTheWorkersTotal() {
        assertRejected("config/x.properties: key 'listener.http.threads': expected at most threads (16), got 17",
                "listener.http.threads", "17");
        assertRejected("config/x.properties: key 'listener.http.threads': expected a whole number >= 1, got '0'",
                "listener.http.threads", "0");
        assertRejected("config/x.properties: key 'listener.echo.max_connections': expected at most max_connections (10), got 11",
                "max_connections", "10", "listener.echo.max_connections", "11");
    }

    @Test
    public void frameTimeoutIsADurationAndZeroTurnsItOff() throws Exception {
        assertEquals(1500, parse("frame_timeout", "1500ms").engineSettings().frameTimeoutMillis());
        assertEquals(0, parse("frame_timeout", "0").engineSettings().frameTimeoutMillis());
        assertRejected("config/x.properties: key 'frame_timeout': expected a duration such as 500ms, 30s, 2m or a number of seconds, got 'soon'",
                "frame_timeout", "soon");
    }

    @Test
    public void reuseportIsOffByDefaultAndNeedsAFixedPort() throws Exception {
        assertFalse(parse().listeners().get(0).reusePort());
        assertTrue(parse("listener.http.reuseport", "true").listeners().get(1).reusePort());
        assertRejected("config/x.properties: key 'listener.http.reuseport': expected true or false, got 'yes'",
                "listener.http.reuseport", "yes");
        assertRejected("config/x.properties: key 'listener.a.reuseport': needs a fixed port in 'listener.a.address': every worker binds the same one",
                "listeners", "a", "listener.a.address", "127.0.0.1:0", "listener.a.reuseport", "true");
    }

    @Test
    public void portZeroMayRepeat() throws Exception {
        assertEquals(2, parse("listeners", "a,b", "listener.a.address", "127.0.0.1:0", "listener.b.address", "127.0.0.1:0")
                .listeners().size());
    }

    @Test
    public void unreadableFileNamesTheFile() throws IOException {
        Path missing = tmp.getRoot().toPath().resolve("nope.properties");
        try {
            ConfigParser.load(missing, HOME);
            fail();
        } catch (ConfigException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(missing + ": cannot read: "));
        }
    }

    @Test
    public void classCacheIsAutoOrOff() throws Exception {
        assertTrue(parse().classCache());
        assertEquals(false, parse("worker.class_cache", "off").classCache());
        assertEquals(HOME.resolve("data/class-cache"), parse().classCacheDir());
        assertRejected("config/x.properties: key 'worker.class_cache': expected auto or off, got 'yes'",
                "worker.class_cache", "yes");
    }

    @Test
    public void theRunDirectoryOfAnInvalidFileIsStillFoundWithEveryTimeoutThatIsValid() throws Exception {
        Path file = tmp.newFile("bad.properties").toPath();
        Files.writeString(file, "workers=lots\nrun_dir=/srv/fdt/run\ngraceful_timeout=90s\nready_timeout=2m\n");
        assertEquals(new RunDirectory(Path.of("/srv/fdt/run"), Duration.ofSeconds(90), Duration.ofMinutes(2)),
                ConfigParser.runDirectoryOf(file, HOME));
        Files.writeString(file, "workers=lots\nrun_dir=\ngraceful_timeout=soon\nready_timeout=0\n");
        assertEquals(new RunDirectory(HOME.resolve("run"), Duration.ofSeconds(30), Duration.ofSeconds(60)),
                ConfigParser.runDirectoryOf(file, HOME));
        Path missing = tmp.getRoot().toPath().resolve("missing.properties");
        try {
            ConfigParser.runDirectoryOf(missing, HOME);
            fail();
        } catch (ConfigException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(missing + ": cannot read: "));
        }
    }

    @Test
    public void aValidFileGivesTheSameRunDirectoryAsItsConfiguration() throws Exception {
        LauncherConfig c = parse("run_dir", "/srv/r", "graceful_timeout", "5s", "ready_timeout", "7s");
        RunDirectory r = RunDirectory.of(c);
        assertEquals(new RunDirectory(Path.of("/srv/r"), Duration.ofSeconds(5), Duration.ofSeconds(7)), r);
        assertEquals(c.pidFile(), r.pidFile());
        assertEquals(c.controlSocket(), r.controlSocket());
        assertEquals(Path.of("/srv/r/shell-2.1.sock"), r.shellSocket("2.1"));
    }
}
