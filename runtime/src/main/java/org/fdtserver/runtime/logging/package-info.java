/**
 * One log format for every fdtserver process: slf4j in the code, java.util.logging underneath,
 * one line per record on standard output, tagged with the process that wrote it.
 */
package org.fdtserver.runtime.logging;
