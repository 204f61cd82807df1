package org.fdtserver.itests.process;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The class-data cache as it works in production: the workers run WITHOUT the coverage agent
 * (with an agent the cache stands aside, so no other test sees it work). The first generation's
 * worker records the archive when it drains after a reload; the generation after that maps it.
 */
public class ClassDataCacheIT {

    /** Where the machines keep Java 25 beside the build's Java 17. */
    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void onJava17TheThirdGenerationMapsTheArchiveTheFirstRecorded() throws Exception {
        Path archive = recordThenMap(null, ".jsa");
        assertTrue(archive + " is a CDS archive", Files.size(archive) > 0);
    }

    @Test
    public void onJava25TheThirdGenerationMapsTheAotCacheTheFirstRecorded() throws Exception {
        Assume.assumeTrue("Java 25 at " + JAVA_25, Files.isExecutable(JAVA_25));
        Path archive = recordThenMap(JAVA_25.toString(), ".aot");
        assertTrue(archive + " is an AOT cache", Files.size(archive) > 0);
    }

    private Path recordThenMap(String java, String suffix) throws Exception {
        ServerConfig config = new ServerConfig(tmp.newFolder("server").toPath())
                .set("workers", "1")
                // no agent: the cache's real path
                .set("worker.jvm_options", "-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        if (java != null) {
            config.set("worker.java", java);
        }
        Path cacheDir = config.dir().resolve("data").resolve("class-cache");
        try (ServerProcess server = ServerProcess.start(config, "run")) {
            server.awaitReadyWorkers(1);
            server.awaitLine("records the class-data archive");

            reload(config, 2);
            server.awaitLine("ready; later workers start from it");
            List<Path> archives;
            try (var files = Files.list(cacheDir)) {
                archives = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            }
            assertEquals("one published archive in " + cacheDir, 1, archives.size());
            Path archive = archives.get(0);

            reload(config, 3);
            long worker = server.awaitReadyWorkers(1).get(0);
            String maps = Files.readString(Path.of("/proc/" + worker + "/maps"));
            assertThat("worker " + worker + " maps " + archive, maps, containsString(archive.toString()));
            assertEquals("and serves", "after the cache", Clients.echo(config.echoPort(), "after the cache"));
            return archive;
        }
    }

    private static void reload(ServerConfig config, int generation) throws Exception {
        Cli.Result reload = Cli.run(config, "reload");
        assertEquals(reload.output(), 0, reload.exitCode());
        assertThat(reload.output(), containsString("generation " + generation + " serves"));
    }
}
