package org.fdtserver.launcher.spawn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes worker JVMs start faster with the JVM's own class-data archive ({@code worker.class_cache=auto}):
 * on JDK 25 and later an AOT cache (JEP 483/514), before that a dynamic AppCDS archive. The first
 * worker of a given java, JVM options and runtime class path records the archive when it exits
 * (into a file of its own); the launcher publishes it under its final name only after a clean exit,
 * so no worker ever maps a half-written archive. Later workers, typically the next generation
 * after a reload, map it. A stale or mismatched archive is the JVM's to refuse: it warns and
 * starts without it.
 */
public final class ClassDataCache {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataCache.class);
    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");
    /**
     * Options with which the cache stands aside: a JVM refuses to record an archive with an agent
     * (JDK 17: "Must enable AllowArchivingWithJavaAgent"), and an operator who sets CDS or AOT
     * options manages the archive himself.
     */
    private static final List<String> HANDS_OFF = List.of("-javaagent", "-agentlib", "-agentpath", "-Xshare",
            "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive", "-XX:AOT");

    private final Path dir;
    private final Path home;
    /** Worker id → the temporary archive it records; at most one recorder per archive. */
    private final Map<String, Path> recording = new HashMap<>();

    /**
     * @param dir where archives are kept (data_dir/class-cache)
     * @param home the installation home, whose runtime/ jars are the worker class path
     */
    public ClassDataCache(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    /**
     * @param java the worker's java executable
     * @param jvmOptions the configured JVM options
     * @param workerId the worker about to be spawned
     * @return the options that map the archive, record it, or nothing (another worker records it,
     *     or the JVM is too old)
     */
    public synchronized List<String> options(Path java, List<String> jvmOptions, String workerId) {
        int feature = featureVersion(java);
        if (feature < 17 || jvmOptions.stream().anyMatch(o -> HANDS_OFF.stream().anyMatch(o::startsWith))) {
            return List.of();
        }
        boolean aot = feature >= 25;
        Path archive = dir.resolve(key(java, jvmOptions) + (aot ? ".aot" : ".jsa"));
        if (Files.isRegularFile(archive)) {
            return List.of((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive);
        }
        if (recording.values().stream().anyMatch(p -> p.getFileName().toString().startsWith(archive.getFileName() + "."))) {
            return List.of();
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.warn("no class-data cache: cannot create {}: {}", dir, e.toString());
            return List.of();
        }
        Path tmp = archive.resolveSibling(archive.getFileName() + "." + workerId + ".tmp");
        recording.put(workerId, tmp);
        LOG.info("worker {} records the class-data archive {} when it exits", workerId, archive.getFileName());
        // The recorder warns about every class it cannot archive (old class files such as slf4j 1.7s): noise.
        return aot ? List.of("-XX:AOTCacheOutput=" + tmp, "-Xlog:aot=off", "-Xlog:cds=off")
                : List.of("-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=off");
    }

    /**
     * Publishes the archive a worker recorded if it exited cleanly, else drops it.
     *
     * @param workerId the worker
     * @param clean whether it exited with code 0
     */
    public synchronized void exited(String workerId, boolean clean) {
        Path tmp = recording.remove(workerId);
        if (tmp == null) {
            return;
        }
        String name = tmp.getFileName().toString();
        Path archive = tmp.resolveSibling(name.substring(0, name.length() - ("." + workerId + ".tmp").length()));
        try {
            // JDK 25's one-step training leaves its configuration next to the cache when cut short.
            Files.deleteIfExists(tmp.resolveSibling(name + ".config"));
            if (clean && Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.info("class-data archive {} ready; later workers start from it", archive);
            } else {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.warn("cannot publish the class-data archive {}: {}", archive, e.toString());
        }
    }

    /** The archive belongs to one java, one set of options and one runtime class path. */
    private String key(Path java, List<String> jvmOptions) {
        StringBuilder text = new StringBuilder(java.toAbsolutePath().normalize().toString()).append('\n');
        jvmOptions.forEach(o -> text.append(o).append('\n'));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(home.resolve("runtime"), "*.jar")) {
            List<String> entries = new ArrayList<>();
            for (Path j : jars) {
                entries.add(j.getFileName() + " " + Files.size(j) + " " + Files.getLastModifiedTime(j).toMillis());
            }
            entries.stream().sorted().forEach(e -> text.append(e).append('\n'));
        } catch (IOException e) {
            text.append(e);
        }
        // A name, not a security boundary (whoever can write this directory can plant any archive,
        // and the JVM refuses one that does not match): 64-bit FNV-1a is enough to keep the
        // archives of different javas, options and class paths apart.
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.toString().getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return "worker-" + HexFormat.of().toHexDigits(hash);
    }

    /** @return the feature version from the JDK's {@code release} file, or 0 if unknown */
    static int featureVersion(Path java) {
        Path javaHome = java.toAbsolutePath().normalize().getParent().getParent();
        try {
            javaHome = java.toRealPath().getParent().getParent();
        } catch (IOException e) {
            // A java on the PATH that is not a file here: use the path as given.
        }
        Properties release = new Properties();
        try (var in = Files.newBufferedReader(javaHome.resolve("release"), StandardCharsets.UTF_8)) {
            release.load(in);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        Matcher m = VERSION.matcher("JAVA_VERSION=" + release.getProperty("JAVA_VERSION", ""));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
