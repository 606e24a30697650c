package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a validate loads at start-up. Reading an annotation makes the JDK generate a proxy class for
 * its type at run time, which no class-data archive holds (~30 ms of CPU for the eight types the
 * root command and validate used): their models are built by {@link CommandSpecs} instead, and a
 * validate must load no proxy class, whatever the JDK. Run on the built jar as the launcher runs it
 * ({@code -cp guard.jar dev.guard.cli.Main}).
 */
class StartupClassesIT {
    @Test
    void validateLoadsNoProxyClass() throws Exception {
        String log = classLoads("validate", "runbooks/terminate-dev-instance.yaml");

        assertThat(log).contains("dev.guard.plan.Validation ").doesNotContain("__dynamic_proxy__");
    }

    @Test
    void validateLinksNoLambdaOfGuards() throws Exception {
        // On JDK 17 each lambda or method reference costs ~60 µs to link the first time it runs,
        // even from a class-data archive: the code a validate runs is written without them
        // (README, "Start-up"). Every example runbook, so every action's inputs are read.
        String log = classLoads("validate", "runbooks/");

        assertThat(log).contains("dev.guard.plan.Validation ").doesNotContainPattern("dev\\.guard\\.\\S*\\$\\$Lambda");
    }

    @Test
    void anOfflinePlanLoadsNoProxyClassAndLinksNoLambdaOfGuards() throws Exception {
        // plan's model and its mixins' are built by PlanSpec; run's mixins keep their annotations.
        String log = classLoads("plan", "runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0123456789abcdef0");

        assertThat(log)
                .contains("dev.guard.cli.PlanRenderer ")
                .doesNotContain("__dynamic_proxy__")
                .doesNotContainPattern("dev\\.guard\\.\\S*\\$\\$Lambda");
    }

    @Test
    void versionBuildsNoSubcommand() throws Exception {
        // Any annotated subcommand built would load proxy classes for its annotations.
        String log = classLoads("--version");

        assertThat(log).contains("dev.guard.cli.VersionCommand$Provider ").doesNotContain("__dynamic_proxy__");
    }

    /** The JVM's class-load log of {@code guard ARGS}, which must succeed. */
    private static String classLoads(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jar = Path.of("target/guard.jar");
        assertThat(jar).exists();
        List<String> argv = new java.util.ArrayList<>(
                List.of(java.toString(), "-Xlog:class+load=info:stdout", "-cp", jar.toString(), "dev.guard.cli.Main"));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile("guard-classes", ".log");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().remove("GUARD_CONFIG");
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(out);
            assertThat(p.exitValue()).as(log).isZero();
            return log;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
