package org.fdtserver.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Which room may use which: the rules docs/ARCHITECTURE.md states, checked against the main
 * classes of every module (the modules are this module's dependencies; tests are not read).
 */
public class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeClass
    public static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(Modules.ROOT);
    }

    /** Every package is a slice; a cycle between two packages (of one module, since Maven forbids more) fails. */
    @Test
    public void noModuleHasACycleBetweenItsPackages() {
        SlicesRuleDefinition.slices().assignedFrom(new PackageSlices()).should().beFreeOfCycles().check(classes);
    }

    /** The runtime/server contract is for the runtime and the bundles it serves, not for the launcher or applications. */
    @Test
    public void onlyTheRuntimeAndTheServerTransactionAndShellBundlesUseTheRuntimeSpi() {
        noClasses().that().resideOutsideOfPackages(Modules.SPI_USERS)
                .should().dependOnClassesThat().resideInAPackage(Modules.SPI)
                .check(classes);
    }

    /** The examples are written as any application would be: against the API alone. */
    @Test
    public void examplesDependOnlyOnTheApiOfTheProject() {
        for (String example : Modules.EXAMPLES) {
            classes().that().resideInAPackage(example + "..")
                    .should().onlyDependOnClassesThat(resideOutsideOfPackage(Modules.ROOT + "..")
                            .or(resideInAnyPackage(example + "..", Modules.API + "..")))
                    .check(classes);
        }
    }

    /** An {@code internal} package is its module's own business. */
    @Test
    public void noModuleReachesIntoAnotherModulesInternalPackages() {
        classes().should(new ArchCondition<JavaClass>("use no internal package of another module") {
            @Override
            public void check(JavaClass from, ConditionEvents events) {
                for (Dependency d : from.getDirectDependenciesFromSelf()) {
                    JavaClass to = d.getTargetClass();
                    if (Modules.isInternal(to) && !Modules.of(to).equals(Modules.of(from))) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        }).check(classes);
    }

    /** One slice per package of the project; classes of other libraries are left out. */
    private static final class PackageSlices implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            return c.getPackageName().startsWith(Modules.ROOT + ".") ? SliceIdentifier.of(c.getPackageName()) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of every module";
        }
    }
}
