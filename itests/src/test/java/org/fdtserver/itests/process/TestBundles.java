package org.fdtserver.itests.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real application bundles for process tests: Java source compiled with javac against the
 * installation's own jars, a Declarative Services descriptor and a bundle manifest, as bnd would
 * write them for the {@code greet} line protocol.
 */
public final class TestBundles {

    /** The listener the greeter serves. */
    public static final String LISTENER = "greet";

    private TestBundles() {
    }

    /**
     * A greeter answering each line {@code <tag> <line>}; it keeps a draining connection open until
     * the client closes it, so an old connection goes on talking to its old code.
     *
     * @param jar where to write the bundle
     * @param version the bundle version, e.g. 2.0.0
     * @param tag what each answer starts with, e.g. v2
     * @param failOnActivate whether its activate method throws
     * @throws IOException if it cannot be built
     */
    public static void greeter(Path jar, String version, String tag, boolean failOnActivate) throws IOException {
        handler(jar, "org.fdtserver.test.greeter", version, tag, LISTENER, failOnActivate);
    }

    /**
     * A greeter under a symbolic name of its own, serving the listener it is given: a second bundle
     * for one listener, or a handler that names a listener by mistake.
     *
     * @param jar where to write the bundle
     * @param symbolicName its Bundle-SymbolicName
     * @param version the bundle version
     * @param tag what each answer starts with
     * @param listener the listener its handler names ({@code fdt.listener})
     * @throws IOException if it cannot be built
     */
    public static void greeter(Path jar, String symbolicName, String version, String tag, String listener)
            throws IOException {
        handler(jar, symbolicName, version, tag, listener, false);
    }

    /**
     * A jar that is no OSGi bundle: a class and a manifest without Bundle-SymbolicName, as a
     * plain library jar has.
     *
     * @param jar where to write it
     * @throws IOException if it cannot be written
     */
    public static void plainJar(Path jar) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path classes = Files.createTempDirectory("plain-classes");
        compile(classes, "com/example/plain/Library.java", "package com.example.plain; public final class Library { }");
        write(jar, m, classes);
    }

    private static void handler(Path jar, String symbolicName, String version, String tag, String listener,
            boolean failOnActivate) throws IOException {
        String source = """
                package org.fdtserver.test.greeter;

                import io.netty.channel.ChannelPipeline;
                import io.netty.handler.codec.LineBasedFrameDecoder;
                import io.netty.handler.codec.string.StringDecoder;
                import io.netty.handler.codec.string.StringEncoder;
                import java.nio.charset.StandardCharsets;
                import org.fdtserver.api.CodecContext;
                import org.fdtserver.api.Connection;
                import org.fdtserver.api.ProtocolHandler;

                public final class Greeter implements ProtocolHandler {
                    public void activate() {
                        if (%s) {
                            throw new IllegalStateException("greeter %s refuses to start");
                        }
                    }

                    public void initCodec(ChannelPipeline pipeline, CodecContext context) {
                        pipeline.addLast(new LineBasedFrameDecoder(context.maxFrameLength()),
                                new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8));
                    }

                    public void handle(Connection connection, Object message) {
                        connection.write("%s " + message + "\\n");
                    }

                    public void draining(Connection connection) {
                        // The client ends the conversation; the worker waits for it (up to graceful_timeout).
                    }
                }
                """.formatted(failOnActivate, tag, tag);
        String component = """
                <?xml version="1.0" encoding="UTF-8"?>
                <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="org.fdtserver.test.greeter.Greeter">
                  <implementation class="org.fdtserver.test.greeter.Greeter"/>
                  <service><provide interface="org.fdtserver.api.ProtocolHandler"/></service>
                  <property name="fdt.listener" type="String" value="%s"/>
                </scr:component>
                """.formatted(listener);
        Manifest m = manifest(symbolicName, version);
        m.getMainAttributes().putValue("Import-Package", "org.fdtserver.api;version=\"[1.0,2)\","
                + "io.netty.channel,io.netty.handler.codec,io.netty.handler.codec.string");
        m.getMainAttributes().putValue("Service-Component", "OSGI-INF/greeter.xml");
        Path classes = Files.createTempDirectory("greeter-classes");
        compile(classes, "org/fdtserver/test/greeter/Greeter.java", source);
        Files.createDirectories(classes.resolve("OSGI-INF"));
        Files.writeString(classes.resolve("OSGI-INF/greeter.xml"), component, StandardCharsets.UTF_8);
        write(jar, m, classes);
    }

    /**
     * A bundle with nothing in it but a manifest that imports a package nobody exports.
     *
     * @param jar where to write it
     * @param symbolicName its symbolic name
     * @param missingPackage the package it imports
     * @throws IOException if it cannot be written
     */
    public static void unresolvable(Path jar, String symbolicName, String missingPackage) throws IOException {
        Manifest m = manifest(symbolicName, "1.0.0");
        m.getMainAttributes().putValue("Import-Package", missingPackage + ";version=\"[1.0,2)\"");
        write(jar, m, null);
    }

    /**
     * Copies the installation's example bundles into a deploy directory of a test's own.
     *
     * @param dir the directory to create and fill
     * @return the directory
     * @throws IOException if copying fails
     */
    public static Path deployDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> shipped = Files.newDirectoryStream(Installation.home().resolve("bundles"), "*.jar")) {
            for (Path jar : shipped) {
                Files.copy(jar, dir.resolve(jar.getFileName()));
            }
        }
        return dir;
    }

    private static Manifest manifest(String symbolicName, String version) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        return m;
    }

    private static void compile(Path classes, String path, String source) throws IOException {
        Path src = Files.createTempDirectory("greeter-src").resolve(path);
        Files.createDirectories(src.getParent());
        Files.writeString(src, source, StandardCharsets.UTF_8);
        List<String> classPath = new ArrayList<>();
        for (String dir : List.of("system", "runtime")) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(Installation.home().resolve(dir), "*.jar")) {
                jars.forEach(j -> classPath.add(j.toString()));
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-proc:none", "-cp", String.join(":", classPath),
                "-d", classes.toString(), src.toString());
        if (rc != 0) {
            throw new IOException("javac failed on " + src + " (exit " + rc + ")");
        }
    }

    private static void write(Path jar, Manifest m, Path contents) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, m)) {
            if (contents != null) {
                try (Stream<Path> files = Files.walk(contents)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        j.putNextEntry(new JarEntry(contents.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, j);
                        j.closeEntry();
                    }
                }
            }
        }
        // The deploy directory never holds half a jar, even for a HUP arriving right now.
        Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
