package org.fdtserver.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.List;

/** The project's modules as the rules see them: each owns one root package. */
final class Modules {

    static final String ROOT = "org.fdtserver";
    static final String API = ROOT + ".api";
    static final String SPI = ROOT + ".runtime.spi..";
    static final String[] SPI_USERS = {ROOT + ".runtime..", ROOT + ".server..", ROOT + ".transaction..", ROOT + ".shell.."};
    static final List<String> EXAMPLES = List.of(ROOT + ".example.echo", ROOT + ".example.http",
            ROOT + ".example.ledger", ROOT + ".example.coordinator");
    /** Every module's root package; a class belongs to the module whose root its package starts with. */
    private static final List<String> ROOTS;

    static {
        List<String> roots = new java.util.ArrayList<>(List.of(API, ROOT + ".server", ROOT + ".shell",
                ROOT + ".transaction", ROOT + ".runtime", ROOT + ".launcher"));
        roots.addAll(EXAMPLES);
        ROOTS = List.copyOf(roots);
    }

    private Modules() {
    }

    /** @return the root package of the module the class belongs to, or its own package if it is no module's */
    static String of(JavaClass c) {
        String pkg = c.getPackageName();
        for (String root : ROOTS) {
            if (pkg.equals(root) || pkg.startsWith(root + ".")) {
                return root;
            }
        }
        return pkg;
    }

    /** @return whether the class lies in an {@code internal} package of a module */
    static boolean isInternal(JavaClass c) {
        String pkg = c.getPackageName();
        return pkg.startsWith(ROOT + ".") && (pkg.endsWith(".internal") || pkg.contains(".internal."));
    }
}
