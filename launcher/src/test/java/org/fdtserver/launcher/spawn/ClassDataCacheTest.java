package org.fdtserver.launcher.spawn;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fdtserver.launcher.LogCapture;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** One worker records the archive, the launcher publishes it after a clean exit, later workers map it. */
public class ClassDataCacheTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public LogCapture log = new LogCapture();

    private Path home;
    private Path cacheDir;

    @Before
    public void setUp() throws Exception {
        home = tmp.newFolder("home").toPath();
        Files.createDirectories(home.resolve("runtime"));
        Files.writeString(home.resolve("runtime/felix.jar"), "jar");
        cacheDir = tmp.getRoot().toPath().resolve("cache");
    }

    private Path jdk(String name, String version) throws Exception {
        Path jdk = tmp.newFolder(name).toPath();
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("bin/java"), "");
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return jdk.resolve("bin/java");
    }

    @Test
    public void firstWorkerRecordsOthersWaitThenAllMapTheArchive() throws Exception {
        Path java = jdk("jdk17", "17.0.15");
        ClassDataCache cache = new ClassDataCache(cacheDir, home);
        List<String> recorder = cache.options(java, List.of("-Xmx64m"), "1.0");
        assertEquals(2, recorder.size());
        assertTrue(recorder.get(0), recorder.get(0).startsWith("-XX:ArchiveClassesAtExit=" + cacheDir));
        assertEquals("one recorder at a time", List.of(), cache.options(java, List.of("-Xmx64m"), "1.1"));
        Path recorded = Path.of(recorder.get(0).substring(recorder.get(0).indexOf('=') + 1));
        Files.writeString(recorded, "archive");
        cache.exited("1.1", true);
        cache.exited("1.0", true);
        assertFalse(Files.exists(recorded));
        List<String> mapped = cache.options(java, List.of("-Xmx64m"), "2.0");
        assertEquals(1, mapped.size());
        assertTrue(mapped.get(0), mapped.get(0).startsWith("-XX:SharedArchiveFile=" + cacheDir));
        assertTrue(Files.isRegularFile(Path.of(mapped.get(0).substring(mapped.get(0).indexOf('=') + 1))));
        assertTrue("other options, another archive", cache.options(java, List.of("-Xmx128m"), "2.1").get(0)
                .startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    public void aCacheDirectoryThatCannotBeCreatedTurnsTheCacheOff() throws Exception {
        Path java = jdk("jdk17", "17");
        Files.writeString(cacheDir, "a file where the directory should be");
        ClassDataCache cache = new ClassDataCache(cacheDir, home);
        assertEquals(List.of(), cache.options(java, List.of(), "1.0"));
        assertTrue(log.lines().toString(), log.has("WARNING no class-data cache: cannot create " + cacheDir
                + ": java.nio.file.FileAlreadyExistsException"));
    }

    @Test
    public void anArchiveThatCannotBePublishedIsRecordedAgainByTheNextWorker() throws Exception {
        Path java = jdk("jdk17", "17");
        ClassDataCache cache = new ClassDataCache(cacheDir, home);
        String option = cache.options(java, List.of(), "1.0").get(0);
        Path recorded = Path.of(option.substring(option.indexOf('=') + 1));
        Files.writeString(recorded, "archive");
        Path archive = recorded.resolveSibling(recorded.getFileName().toString().replace(".1.0.tmp", ""));
        Files.createDirectories(archive.resolve("in-the-way"));
        cache.exited("1.0", true);
        assertTrue(log.lines().toString(), log.has("WARNING cannot publish the class-data archive " + archive + ": "));
        assertTrue("the next worker records again", cache.options(java, List.of(), "1.1").get(0)
                .startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    public void anEmptyRecordingIsDroppedAndTheNextWorkerRecordsAgain() throws Exception {
        Path java = jdk("jdk17", "17");
        ClassDataCache cache = new ClassDataCache(cacheDir, home);
        String option = cache.options(java, List.of(), "1.0").get(0);
        Path recorded = Path.of(option.substring(option.indexOf('=') + 1));
        Files.writeString(recorded, "");
        cache.exited("1.0", true);
        assertFalse(Files.exists(recorded));
        assertTrue("no empty archive is handed to later workers", cache.options(java, List.of(), "1.1").get(0)
                .startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    public void anInstallationWithoutARuntimeDirectoryStillGetsAnArchive() throws Exception {
        Path java = jdk("jdk17", "17");
        Files.delete(home.resolve("runtime/felix.jar"));
        Files.delete(home.resolve("runtime"));
        ClassDataCache cache = new ClassDataCache(cacheDir, home);
        List<String> recorder = cache.options(java, List.of(), "1.0");
        assertTrue(recorder.toString(), recorder.get(0).startsWith("-XX:ArchiveClassesAtExit=" + cacheDir.resolve("worker-")));
    }

    @Test
    public void aRestartedLauncherMapsTheArchiveAnEarlierOnePublishedUntilTheRuntimeChanges() throws Exception {
        Path java = jdk("jdk17", "17");
        ClassDataCache first = new ClassDataCache(cacheDir, home);
        String option = first.options(java, List.of("-Xmx64m"), "1.0").get(0);
        Path recorded = Path.of(option.substring(option.indexOf('=') + 1));
        assertTrue(recorded.toString(), recorded.getFileName().toString().matches("worker-[0-9a-f]{16}\\.jsa\\.1\\.0\\.tmp"));
        Files.writeString(recorded, "archive");
        first.exited("1.0", true);
        String archive = recorded.getFileName().toString().replace(".1.0.tmp", "");
        assertEquals(List.of("-XX:SharedArchiveFile=" + cacheDir.resolve(archive)),
                new ClassDataCache(cacheDir, home).options(java, List.of("-Xmx64m"), "1.0"));
        Files.writeString(home.resolve("runtime/felix.jar"), "a newer felix");
        assertTrue("another runtime, another archive", new ClassDataCache(cacheDir, home).options(java, List.of("-Xmx64m"), "1.0")
                .get(0).startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    public void anUncleanExitDropsTheRecording() throws Exception {
        Path java = jdk("jdk17", "17");
        ClassDataCache cache = new ClassDataCache(cacheDir, home);
        String option = cache.options(java, List.of(), "1.0").get(0);
        Path recorded = Path.of(option.substring(option.indexOf('=') + 1));
        Files.writeString(recorded, "half");
        cache.exited("1.0", false);
        assertFalse(Files.exists(recorded));
        assertTrue("the next worker records again", cache.options(java, List.of(), "1.1").get(0)
                .startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    public void agentsAndOperatorCdsOptionsTurnTheCacheOff() throws Exception {
        Path java = jdk("jdk17", "17.0.15");
        ClassDataCache cache = new ClassDataCache(cacheDir, home);
        assertEquals(List.of(), cache.options(java, List.of("-javaagent:/x/jacocoagent.jar=destfile=y"), "1.0"));
        assertEquals(List.of(), cache.options(java, List.of("-XX:SharedArchiveFile=/my.jsa"), "1.1"));
        assertEquals(List.of(), cache.options(java, List.of("-XX:AOTCache=/my.aot"), "1.2"));
        assertEquals(List.of(), cache.options(java, List.of("-Xshare:off"), "1.3"));
    }

    @Test
    public void jdk25UsesTheAotCacheAndUnknownJavasNothing() throws Exception {
        ClassDataCache cache = new ClassDataCache(cacheDir, home);
        assertTrue(cache.options(jdk("jdk25", "25.0.1"), List.of(), "1.0").get(0).startsWith("-XX:AOTCacheOutput="));
        assertEquals(25, ClassDataCache.featureVersion(jdk("jdk25b", "25")));
        assertEquals(List.of(), cache.options(tmp.getRoot().toPath().resolve("nowhere/bin/java"), List.of(), "1.1"));
        assertEquals(List.of(), cache.options(jdk("jdk11", "11.0.2"), List.of(), "1.2"));
    }
}
