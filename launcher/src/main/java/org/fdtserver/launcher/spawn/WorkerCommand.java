package org.fdtserver.launcher.spawn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fdtserver.runtime.protocol.WorkerSpec;

/** Builds a worker JVM's command line. */
public final class WorkerCommand {

    /** The worker's main class, in the runtime module. */
    public static final String MAIN_CLASS = "org.fdtserver.runtime.WorkerMain";

    private WorkerCommand() {
    }

    /**
     * @param java the java executable
     * @param jvmOptions options from the configuration
     * @param specFile the generation's spec file
     * @param workerId the worker's id, {@code generation.slot}
     * @param home the installation home, whose runtime/ holds the worker class path
     * @return argv, starting with the executable
     */
    public static List<String> build(Path java, List<String> jvmOptions, Path specFile, String workerId, Path home) {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.addAll(jvmOptions);
        argv.add("-D" + WorkerSpec.SPEC_PROPERTY + "=" + specFile.toAbsolutePath());
        argv.add("-D" + WorkerSpec.ID_PROPERTY + "=" + workerId);
        argv.add("-cp");
        // The JVM expands the wildcard itself; no shell is involved.
        argv.add(home.resolve("runtime").toAbsolutePath() + "/*");
        argv.add(MAIN_CLASS);
        return argv;
    }
}
