package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A validate, and an offline plan, end with {@code Runtime.halt} once their output is flushed
 * ({@link Startup#exit}):
 * {@code System.exit} would first ask the JDK's System.Logger whether to log the exit (JDK 21+),
 * which searches every jar on the class path, the AWS SDK's included. Run on the built jar, on the
 * JVM running the tests and on a JDK 24+ where one is installed (the JDK 17 case has no exit
 * logging to avoid, so only the output checks can fail there).
 */
class QuickExitIT {
    @ParameterizedTest
    @MethodSource("dev.guard.cli.LauncherTrainingIT#jvms")
    void validateNeverStartsTheJdksLogger(Path javaHome) throws Exception {
        Result r = guard(javaHome, "-Xlog:class+load=info", "validate", "runbooks/terminate-dev-instance.yaml");

        assertThat(r.code).as(r.out).isZero();
        assertThat(r.out).contains("ok   runbooks/terminate-dev-instance.yaml").doesNotContain("BootstrapLogger");
    }

    @ParameterizedTest
    @MethodSource("dev.guard.cli.LauncherTrainingIT#jvms")
    void haltedOutputIsWholeAndTheExitCodeKept(Path javaHome) throws Exception {
        Result json = guard(javaHome, null, "--output", "json", "validate", "runbooks/terminate-dev-instance.yaml");
        Result missing = guard(javaHome, null, "validate", "runbooks/no-such-runbook.yaml");

        assertThat(json.code).as(json.out).isZero();
        assertThat(json.out.strip()).startsWith("{").endsWith("}").contains("\"valid\" : 1");
        assertThat(missing.code).as(missing.out).isEqualTo(2);
        assertThat(missing.out).contains("runbooks/no-such-runbook.yaml: no such file");
    }

    @ParameterizedTest
    @MethodSource("dev.guard.cli.LauncherTrainingIT#jvms")
    void anOfflinePlanNeverStartsTheJdksLogger(Path javaHome) throws Exception {
        Result r = guard(
                javaHome,
                "-Xlog:class+load=info",
                "plan",
                "runbooks/terminate-dev-instance.yaml",
                "-p",
                "instanceId=i-0123456789abcdef0");

        assertThat(r.code).as(r.out).isZero();
        assertThat(r.out).contains("Plan: terminate-dev-instance").doesNotContain("BootstrapLogger");
    }

    @ParameterizedTest
    @MethodSource("dev.guard.cli.LauncherTrainingIT#jvms")
    void aHaltedPlansOutputIsWholeAndTheExitCodeKept(Path javaHome) throws Exception {
        Result json = guard(
                javaHome,
                null,
                "--output",
                "json",
                "plan",
                "runbooks/terminate-dev-instance.yaml",
                "-p",
                "instanceId=i-0123456789abcdef0");
        Result missing = guard(javaHome, null, "plan", "runbooks/no-such-runbook.yaml");
        Result usage = guard(javaHome, null, "plan", "runbooks/terminate-dev-instance.yaml", "--no-such-option");

        assertThat(json.code).as(json.out).isZero();
        assertThat(json.out.strip()).startsWith("{").endsWith("}").contains("i-0123456789abcdef0");
        assertThat(missing.code).as(missing.out).isEqualTo(2);
        assertThat(missing.out).contains("no-such-runbook");
        assertThat(usage.code).as(usage.out).isEqualTo(2);
        assertThat(usage.out).contains("Unknown option: '--no-such-option'").contains("Try 'guard plan --help'.");
    }

    private record Result(int code, String out) {}

    /**
     * {@code java [jvmOption] -cp target/guard.jar dev.guard.cli.Main ARGS}, as the launcher runs it,
     * stdout and stderr together, through a pipe.
     */
    private static Result guard(Path javaHome, String jvmOption, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        if (jvmOption != null) {
            argv.add(jvmOption);
        }
        argv.addAll(List.of("-cp", Path.of("target/guard.jar").toString(), "dev.guard.cli.Main"));
        argv.addAll(List.of(args));
        assertThat(Path.of("target/guard.jar")).exists();
        Path out = Files.createTempFile("guard-exit", ".log");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().remove("GUARD_CONFIG");
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
