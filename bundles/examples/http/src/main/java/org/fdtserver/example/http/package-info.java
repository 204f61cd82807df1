/** An example application: hello-world HTTP/1.1 on the {@code http} listener. Nothing here is exported. */
package org.fdtserver.example.http;
