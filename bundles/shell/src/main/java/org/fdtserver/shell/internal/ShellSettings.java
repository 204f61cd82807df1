package org.fdtserver.shell.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The shell's configuration (Config Admin PID {@value #PID}), which the worker runtime writes for
 * each worker before application bundles start; without it the shell does not serve.
 */
@ObjectClassDefinition(name = "fdtserver shell", description = "The worker's Gogo shell on a Unix socket")
@interface ShellSettings {

    /** The configuration PID. */
    String PID = "org.fdtserver.shell";

    @AttributeDefinition(description = "path of the Unix socket the shell listens on, readable by the owner only")
    String socket();
}
