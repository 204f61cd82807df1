package org.fdtserver.itests.paxexam;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fdtserver.api.testing.FakeConnection;
import org.fdtserver.itests.process.Installation;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.UrlProvisionOption;
import org.ops4j.pax.tinybundles.core.TinyBundles;
import org.osgi.framework.Constants;

/**
 * The one options builder every in-container test uses: the packaged installation's system
 * bundles and example bundles, wired the way a worker wires them, and the tests' shared support.
 */
public final class FdtOptions {

    private FdtOptions() {
    }

    /** @return options provisioning the installation's bundle set into Felix */
    public static Option[] installation() {
        List<Option> options = new ArrayList<>();
        // The same system packages a worker exports (see the runtime's FrameworkBoot).
        options.add(systemPackages("javax.transaction.xa;version=1.1.0", "org.fdtserver.runtime.spi;version=2.0.0",
                "org.osgi.service.cm;version=1.6.1"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive --noshutdown"));
        // As the worker runtime sets it: SCR announces component state changes within 10 ms, not 5 s.
        options.add(frameworkProperty("ds.service.changecount.timeout").value("10"));
        options.add(frameworkProperty("org.osgi.framework.bootdelegation").value("sun.misc,sun.nio.ch,jdk.internal.misc,org.jacoco.agent.rt.*"));
        for (Path jar : jars(Installation.home().resolve("system"))) {
            options.add(provision(jar));
        }
        for (Path jar : jars(Installation.home().resolve("bundles"))) {
            options.add(provision(jar));
        }
        options.add(junitBundles());
        options.add(testSupport());
        return options(options.toArray(new Option[0]));
    }

    /** @return the api's test support (its test jar's {@code org.fdtserver.api.testing}) as a bundle, which probes import */
    private static Option testSupport() {
        return streamBundle(TinyBundles.bundle().add(FakeConnection.class)
                .set(Constants.BUNDLE_SYMBOLICNAME, "org.fdtserver.api.testing")
                .set(Constants.EXPORT_PACKAGE, "org.fdtserver.api.testing")
                .set(Constants.IMPORT_PACKAGE, "org.fdtserver.api")
                .build(TinyBundles.withClassicBuilder()));
    }

    /** @return the installation's bundle jars, system bundles first */
    public static List<Path> installedJars() {
        List<Path> all = new ArrayList<>(jars(Installation.home().resolve("system")));
        all.addAll(jars(Installation.home().resolve("bundles")));
        return all;
    }

    private static UrlProvisionOption provision(Path jar) {
        UrlProvisionOption option = bundle(jar.toUri().toString());
        return isFragment(jar) ? option.noStart() : option;
    }

    private static boolean isFragment(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
