package dev.guard.json;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** json/ serves the product and the sandbox alike, so it may depend on neither. */
class JsonIsALeafTest {
    private static final JavaClasses GUARD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.guard");

    @Test
    void jsonImportsOnlyTheJdkAndJacksonsStreamingCore() {
        classes()
                .that()
                .resideInAPackage("dev.guard.json..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.guard.json..", "java..", "com.fasterxml.jackson.core..")
                .check(GUARD);
    }

    @Test
    void theSandboxSharesOnlyJsonAndYamlWithTheProduct() {
        noClasses()
                .that()
                .resideInAPackage("dev.guard.sandbox..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.guard..")
                        .and(not(resideInAnyPackage("dev.guard.sandbox..", "dev.guard.json..", "dev.guard.yaml.."))))
                .check(GUARD);
    }
}
