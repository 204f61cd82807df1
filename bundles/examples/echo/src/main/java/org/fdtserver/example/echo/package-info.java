/** An example application: a line echo protocol on the {@code echo} listener. Nothing here is exported. */
package org.fdtserver.example.echo;
