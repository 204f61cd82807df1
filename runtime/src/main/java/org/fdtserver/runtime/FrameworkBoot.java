package org.fdtserver.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds the OSGi framework the way Felix's own {@code Main} does: create it through the
 * standard {@link FrameworkFactory}, initialise it, provision the bundles, start it.
 */
final class FrameworkBoot {

    private static final Logger LOG = LoggerFactory.getLogger(FrameworkBoot.class);

    /**
     * Packages the system bundle exports from the worker's class path. {@code javax.transaction.xa}
     * at 1.1.0 makes pgjdbc and the JTA spec bundle share the JDK's {@code XAResource} whatever the
     * install order (otherwise a LinkageError); the spi package is how the runtime and the server
     * bundle talk; the Config Admin API lets the runtime write the components' configurations with
     * the types Config Admin and the components see (Config Admin imports its own API package, so it
     * wires to this export).
     */
    static final String SYSTEM_PACKAGES_EXTRA = "javax.transaction.xa;version=\"1.1.0\","
            + "org.fdtserver.runtime.spi;version=\"2.0.0\",org.osgi.service.cm;version=\"1.6.1\"";

    private final Framework framework;

    private FrameworkBoot(Framework framework) {
        this.framework = framework;
    }

    /**
     * Creates and initialises a framework whose bundle cache is {@code storage}, wiped first.
     *
     * @param storage the bundle cache directory, private to this worker
     * @return the initialised, not yet started, framework
     * @throws BundleException if the framework cannot initialise
     */
    static FrameworkBoot init(Path storage) throws BundleException {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA);
        // Netty finds Unsafe and direct-buffer internals through these; without them it runs slower.
        config.put(Constants.FRAMEWORK_BOOTDELEGATION, "sun.misc,sun.nio.ch,jdk.internal.misc");
        // Gogo runs without a console: operators reach it through the shell socket.
        config.put("gosh.args", "--nointeractive --noshutdown");
        config.put("felix.log.level", "1");
        // SCR announces component state changes (which readiness waits on) after this delay; its default is 5 s.
        config.put("ds.service.changecount.timeout", "10");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi FrameworkFactory on the class path"));
        Framework framework = factory.newFramework(config);
        framework.init();
        // Before any bundle starts: the shell must never offer a TCP port (telnetd).
        HiddenCommands.register(framework.getBundleContext());
        return new FrameworkBoot(framework);
    }

    /** @return the system bundle's context */
    BundleContext context() {
        return framework.getBundleContext();
    }

    /**
     * Phase one of the boot: starts the framework, then installs and starts the system bundles
     * (the DS runtime, Config Admin, the transaction manager, Netty, the server engine, the shell),
     * which no generation changes.
     *
     * @param dir the system bundles' directory
     * @return one line per bundle that failed to install, resolve or start; empty when all is well
     * @throws IOException if the directory cannot be listed
     * @throws BundleException if the framework itself cannot start
     */
    List<String> startSystemBundles(Path dir) throws IOException, BundleException {
        framework.start();
        return installAndStart(dir);
    }

    /**
     * Phase two of the boot: installs and starts one generation's application bundles on top of
     * the running system bundles.
     *
     * @param dir the generation's bundle directory
     * @return one line per bundle that failed to install, resolve or start; empty when all is well
     * @throws IOException if the directory cannot be listed
     */
    List<String> startApplicationBundles(Path dir) throws IOException {
        return installAndStart(dir);
    }

    /**
     * Installs every jar of the directory, in name order, then starts every bundle that is not a
     * fragment. Problems are collected, not thrown, so that one report names every bundle that failed.
     */
    private List<String> installAndStart(Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars(dir)) {
            try {
                installed.add(context().installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                problems.add(jar.getFileName() + ": cannot install: " + describe(e));
            }
        }
        for (Bundle bundle : installed) {
            if (!isFragment(bundle)) {
                start(bundle, problems);
            }
        }
        for (Bundle bundle : installed) {
            if (isFragment(bundle) && bundle.getState() != Bundle.RESOLVED) {
                problems.add(name(bundle) + ": fragment did not resolve (state " + bundle.getState() + ")");
            }
        }
        return problems;
    }

    private static void start(Bundle bundle, List<String> problems) {
        try {
            bundle.start();
        } catch (BundleException | RuntimeException e) {
            problems.add(name(bundle) + ": " + describe(e));
        }
    }

    /**
     * Stops the framework and waits for it.
     *
     * @param timeoutMillis how long to wait
     */
    void stop(long timeoutMillis) {
        try {
            framework.stop();
            framework.waitForStop(timeoutMillis);
        } catch (BundleException e) {
            LOG.warn("framework stop failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("bundle directory " + dir + " does not exist");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static String name(Bundle bundle) {
        return bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    /** The exception's message with its causes, on one line: Felix names the missing requirement there. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" caused by ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString().replace('\n', ' ');
    }
}
