package org.fdtserver.launcher.posix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.lang.reflect.Field;
import jnr.posix.POSIX;
import org.jboss.byteman.contrib.bmunit.BMRule;
import org.jboss.byteman.contrib.bmunit.BMUnitRunner;
import org.junit.Test;
import org.junit.runner.RunWith;

/** What the launcher says when the operating system denies it the native calls it needs, injected with Byteman. */
@RunWith(BMUnitRunner.class)
public class PosixFaultsTest {

    @Test
    @BMRule(name = "jnr-posix falls back to its pure-Java POSIX",
            targetClass = "org.fdtserver.launcher.posix.NativePosix", targetMethod = "get",
            targetLocation = "AFTER INVOKE jnr.posix.POSIX.isNative()",
            action = "$! = false")
    public void withoutTheNativeCLibraryTheLauncherSaysItNeedsIt() throws Exception {
        Field binding = NativePosix.class.getDeclaredField("posix");
        binding.setAccessible(true);
        POSIX loaded = (POSIX) binding.get(null);
        binding.set(null, null); // as in a fresh launcher JVM, which loads the binding on first use
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, NativePosix::get);
            assertEquals("jnr-posix could not load the native C library; the launcher needs it", e.getMessage());
            assertEquals("nothing half-loaded is kept", null, binding.get(null));
        } finally {
            binding.set(null, loaded);
        }
    }

    @Test
    @BMRule(name = "the launcher has run out of file descriptors",
            targetClass = "java.nio.file.Files", targetMethod = "newDirectoryStream(java.nio.file.Path)",
            condition = "callerEquals(\"org.fdtserver.launcher.posix.FileDescriptors.openDescriptors\", true, true)",
            action = "throw new java.nio.file.FileSystemException($1.toString(), null, \"Too many open files\")")
    public void descriptorsThatCannotBeListedAreReported() {
        IllegalStateException e = assertThrows(IllegalStateException.class, FileDescriptors::markAllCloseOnExec);
        assertEquals("cannot list /proc/self/fd: /proc/self/fd: Too many open files", e.getMessage());
    }
}
