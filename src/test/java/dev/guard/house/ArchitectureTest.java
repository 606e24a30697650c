package dev.guard.house;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house's rules (README, "Development"): packages in pipeline order, each importing only those
 * below it; no package loop; only the CLI's sandbox wiring imports the sandbox; the CLI never calls
 * AWS itself. The last tests show each rule failing on a deliberately wrong class, so a rule that
 * can no longer fail is noticed.
 */
class ArchitectureTest {
    /** Bottom to top: a package may import those before it, never those after it. */
    static final List<String> HOUSE = List.of(
            "yaml",
            "term",
            "error",
            "json",
            "runbook",
            "config",
            "auth",
            "aws",
            "action",
            "plan",
            "credentials",
            "lock",
            "audit",
            "access",
            "run",
            "saved",
            "approval",
            "apply",
            "cli");

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.guard");
    }

    static String top(String packageName) {
        String rest = packageName.startsWith("dev.guard.") ? packageName.substring("dev.guard.".length()) : "";
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Every class of guard outside the sandbox imports only packages below its own. */
    static final ArchRule NOTHING_RUNS_UP = classes()
            .that()
            .resideInAPackage("dev.guard..")
            .and()
            .resideOutsideOfPackage("dev.guard.sandbox..")
            .should(new ArchCondition<JavaClass>("import only packages below their own, in the order " + HOUSE) {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    int mine = HOUSE.indexOf(top(c.getPackageName()));
                    if (mine < 0) {
                        events.add(SimpleConditionEvent.violated(
                                c, c.getName() + " is in a package the house does not place: add it to HOUSE"));
                        return;
                    }
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        String target = d.getTargetClass().getPackageName();
                        if (!target.startsWith("dev.guard.") || top(target).equals("sandbox")) {
                            continue; // the sandbox has a rule of its own
                        }
                        if (HOUSE.indexOf(top(target)) > mine) {
                            events.add(SimpleConditionEvent.violated(
                                    d,
                                    d.getDescription() + " — runs up the house: " + top(target) + " is above "
                                            + top(c.getPackageName())));
                        }
                    }
                }
            });

    static final ArchRule NO_PACKAGE_LOOPS =
            slices().matching("dev.guard.(*)..").should().beFreeOfCycles();

    /** The CLI's sandbox wiring: {@code --sandbox}, {@code guard sandbox …} and {@code --fault}. */
    static final DescribedPredicate<JavaClass> SANDBOX_WIRING = DescribedPredicate.describe(
            "the CLI's sandbox wiring (cli.Sandbox*, cli.FaultOption)",
            c -> c.getPackageName().equals("dev.guard.cli")
                    && (c.getSimpleName().startsWith("Sandbox")
                            || c.getSimpleName().equals("FaultOption")
                            || c.getName().startsWith("dev.guard.cli.Sandbox")
                            || c.getName().startsWith("dev.guard.cli.FaultOption")));

    static final ArchRule ONLY_THE_WIRING_IMPORTS_THE_SANDBOX = noClasses()
            .that()
            .resideInAPackage("dev.guard..")
            .and()
            .resideOutsideOfPackage("dev.guard.sandbox..")
            .and(DescribedPredicate.not(SANDBOX_WIRING))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.guard.sandbox..");

    static final ArchRule THE_SANDBOX_STANDS_ALONE = noClasses()
            .that()
            .resideInAPackage("dev.guard.sandbox..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(HOUSE.stream()
                    .filter(p -> !p.equals("yaml") && !p.equals("json"))
                    .map(p -> "dev.guard." + p + "..")
                    .toArray(String[]::new));

    static final ArchRule NOTHING_IMPORTS_THE_CLI = noClasses()
            .that()
            .resideOutsideOfPackage("dev.guard.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.guard.cli..");

    static final ArchRule THE_CLI_NEVER_CALLS_AWS = noClasses()
            .that()
            .resideInAPackage("dev.guard.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("software.amazon..");

    @Test
    void nothingRunsUpTheHouse() {
        NOTHING_RUNS_UP.check(product);
    }

    @Test
    void noPackageLoops() {
        NO_PACKAGE_LOOPS.check(product);
    }

    @Test
    void onlyTheClisSandboxWiringImportsTheSandbox() {
        ONLY_THE_WIRING_IMPORTS_THE_SANDBOX.check(product);
    }

    @Test
    void theSandboxImportsOnlyYamlAndJsonOfGuard() {
        THE_SANDBOX_STANDS_ALONE.check(product);
    }

    @Test
    void nothingImportsTheCli() {
        NOTHING_IMPORTS_THE_CLI.check(product);
    }

    @Test
    void theCliNeverCallsAws() {
        THE_CLI_NEVER_CALLS_AWS.check(product);
    }

    /** The wrong classes under {@code house/wrong}, each breaking one rule on purpose. */
    private static JavaClasses wrong(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    @Test
    void aPlanClassImportingTheCliIsCaught() {
        JavaClasses bad = wrong(dev.guard.plan.WrongWayUp.class);
        assertThat(NOTHING_RUNS_UP.evaluate(bad).hasViolation()).isTrue();
        assertThat(NOTHING_IMPORTS_THE_CLI.evaluate(bad).hasViolation()).isTrue();
        assertThat(NOTHING_RUNS_UP.evaluate(bad).getFailureReport().toString())
                .contains("runs up the house: cli is above plan");
    }

    @Test
    void aLoopBetweenTwoPackagesIsCaught() {
        JavaClasses bad = wrong(dev.guard.json.WrongLoop.class, dev.guard.term.WrongLoop.class);
        assertThat(NO_PACKAGE_LOOPS.evaluate(bad).hasViolation()).isTrue();
    }

    @Test
    void aProductClassImportingTheSandboxIsCaught() {
        JavaClasses bad = wrong(dev.guard.run.WrongSandboxUse.class);
        assertThat(ONLY_THE_WIRING_IMPORTS_THE_SANDBOX.evaluate(bad).hasViolation())
                .isTrue();
    }

    @Test
    void theCliCallingAwsIsCaught() {
        JavaClasses bad = wrong(dev.guard.cli.WrongAwsCall.class);
        assertThat(THE_CLI_NEVER_CALLS_AWS.evaluate(bad).hasViolation()).isTrue();
    }

    @Test
    void theRealHouseHasEveryPackagePlaced() {
        assertThat(product.stream()
                        .map(c -> top(c.getPackageName()))
                        .filter(p -> !p.equals("sandbox") && !p.isEmpty())
                        .distinct())
                .allMatch(HOUSE::contains);
    }
}
