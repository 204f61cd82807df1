package org.fdtserver.itests.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The packaged installation under test: {@code launcher/target/fdtserver}, as a user gets it. */
public final class Installation {

    private Installation() {
    }

    /** @return the installation's home directory */
    public static Path home() {
        String dir = System.getProperty("fdt.install");
        if (dir == null) {
            throw new IllegalStateException("system property fdt.install (the built installation) is not set");
        }
        Path home = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isExecutable(home.resolve("bin/fdtserver"))) {
            throw new IllegalStateException(home + "/bin/fdtserver is missing: run 'mvn verify' from the top so the launcher is packaged first");
        }
        return home;
    }

    /** @return the fdtserver command */
    public static Path command() {
        return home().resolve("bin/fdtserver");
    }

    /**
     * @param args the command's arguments
     * @return a process builder for {@code fdtserver <args>}, its JVM carrying the JaCoCo agent when coverage is on
     */
    public static ProcessBuilder commandLine(String... args) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(command().toString());
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        jacocoAgent("launcher.exec").ifPresent(a -> pb.environment().put("FDT_LAUNCHER_OPTS", a));
        return pb;
    }

    /** @return the JaCoCo agent option for a JVM the tests start, when coverage is on */
    public static Optional<String> jacocoAgent(String execName) {
        String agent = System.getProperty("fdt.jacoco.agent", "");
        if (agent.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(System.getProperty("fdt.jacoco.dir"));
        return Optional.of("-javaagent:" + agent + "=destfile=" + dir.resolve(execName) + ",append=true,includes=org.fdtserver.*");
    }
}
