package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.guard.term.ScriptedTerminal;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard exec}, {@code env} and {@code credential-process} against a held sandbox, with the
 * AWS CLI v2 (/usr/bin/aws) as the program that uses the credentials: what it could do, what the
 * sandbox's journal shows guard asked STS for, and what the audit log kept.
 */
class AdHocAccessIT {
    private static final Path AWS = Path.of("/usr/bin/aws");
    private static final String DEV = "222222222222";
    private static final String INSTANCE = "i-0a22222222222222a";

    @TempDir
    Path dir;

    private HeldSandbox h;
    private Path capture;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(AWS), "AWS CLI v2 not installed at /usr/bin/aws");
        h = new HeldSandbox(dir);
        // What the child sees besides guard's variables: no profile of this machine, no metadata probe.
        h.env("HOME", dir.toString());
        h.env("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
        h.env("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
        h.env("AWS_EC2_METADATA_DISABLED", "true");
        h.env("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        // The child inherits guard's stdout (the test JVM's): it writes what the test reads to files.
        capture = script("capture.sh", "out=\"$1\"; shift\n\"$@\" >\"$out\" 2>\"$out.err\"\n");
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void twoExecsInAnAccountShareOneMfaPromptAndTheAwsCliActsInTheRole() throws Exception {
        var first = withCode();
        Path out1 = dir.resolve("describe");
        var r1 = execAws(first, List.of(), out1, "ec2", "describe-instances");
        assertThat(r1.exitCode()).as(r1.err() + Files.readString(errOf(out1))).isZero();
        assertThat(Files.readString(out1)).contains(INSTANCE);

        var second = ScriptedTerminal.strict(true); // asked for nothing: the session is cached
        Path out2 = dir.resolve("identity");
        var r2 = execAws(second, List.of(), out2, "sts", "get-caller-identity");
        assertThat(r2.exitCode()).as(r2.err()).isZero();
        assertThat(Files.readString(out2))
                .contains("arn:aws:sts::" + DEV + ":assumed-role/PrivilegedActionsRole/guard-alice-exec");

        assertThat(first.secretPrompts).hasSize(1);
        assertThat(second.secretPrompts).isEmpty();
        assertThat(stsCalls("GetSessionToken"))
                .as("one MFA code, one GetSessionToken, for both execs")
                .hasSize(1);
        assertThat(stsCalls("AssumeRole")).hasSize(2);
    }

    @Test
    void theCommandsExitCodeIsGuardsAndGuardsRefusalsAreItsOwn() throws Exception {
        var r = h.guard("alice", withCode(), "exec", "--", "sh", "-c", "exit 7");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(7);

        var missing = h.guard(
                "alice",
                ScriptedTerminal.strict(true),
                "exec",
                "--",
                dir.resolve("nothing").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot run " + dir.resolve("nothing"));
        var notOnPath = h.guard("alice", ScriptedTerminal.strict(true), "exec", "--", "no-such-command-here");
        assertThat(notOnPath.exitCode()).isEqualTo(2);
        assertThat(notOnPath.err()).contains("cannot run no-such-command-here: not found on PATH");
        // Refused before any credential was obtained: one access record, the command that ran.
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl")).stream()
                        .filter(l -> l.contains("\"event\":\"access\"")))
                .hasSize(1)
                .allMatch(l -> l.contains("\"command\":\"sh\""));
    }

    @Test
    void anExecInsideAnExecIsRefusedBeforeAnyStsCall() throws Exception {
        h.env("GUARD_EXEC", "development");
        var r = h.guard("alice", ScriptedTerminal.strict(true), "exec", "--", "true");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("GUARD_EXEC=development is set").doesNotContain("Exception");
        assertThat(h.calls("sts")).isEmpty();
    }

    @Test
    void guardsOwnCommandsInsideAnExecSayWhoseCredentialsTheyActAs() throws Exception {
        h.env("GUARD_EXEC", "development");
        var r = h.guard("alice", ScriptedTerminal.strict(false), "whoami");
        assertThat(r.err()).contains("GUARD_EXEC=development is set: this shell holds credentials guard exec/env");
    }

    @Test
    void eachExecIsOneAuditLineWithTheCommandsNameAndNoSecretNorArgument() throws Exception {
        Path env = dir.resolve("child.env");
        var r = h.guard(
                "alice",
                withCode(),
                "exec",
                "--account",
                "development",
                "--read-only",
                "--",
                "sh",
                "-c",
                "env > \"$0\"",
                env.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, String> child = new HashMap<>();
        Files.readAllLines(env).stream()
                .filter(l -> l.contains("="))
                .forEach(l -> child.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        assertThat(child).containsEntry("GUARD_EXEC", "development").containsKey("AWS_CREDENTIAL_EXPIRATION");

        List<String> access = Files.readAllLines(dir.resolve("audit.jsonl")).stream()
                .filter(l -> l.contains("\"event\":\"access\""))
                .toList();
        assertThat(access).hasSize(1);
        assertThat(access.get(0))
                .contains("\"kind\":\"exec\"", "\"command\":\"sh\"", "\"sessionPolicy\":\"read-only\"")
                .contains("\"caller\":\"arn:aws:iam::111111111111:user/alice\"", "\"account\":\"" + DEV + "\"")
                .doesNotContain(child.get("AWS_SECRET_ACCESS_KEY"), child.get("AWS_SESSION_TOKEN"), env.toString());
        assertThat(r.out() + r.err()).doesNotContain(child.get("AWS_SECRET_ACCESS_KEY"));
        var verify = h.guard("alice", ScriptedTerminal.strict(false), "audit", "verify");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("chain intact").doesNotContain("interrupted");
    }

    @Test
    void envLinesEvalIntoAShellWhoseAwsCliActsInTheRole() throws Exception {
        var r = h.guard("alice", withCode(), "env", "--account", "development");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("secret"); // not a terminal: no warning
        Path lines = Files.writeString(dir.resolve("env.sh"), r.out());
        var p = awsCli(
                Map.of(),
                "sh",
                "-c",
                ". " + lines + " && " + AWS + " --endpoint-url " + h.fixture().endpoint()
                        + " sts get-caller-identity --query Arn --output text");
        assertThat(p.out).contains("arn:aws:sts::" + DEV + ":assumed-role/PrivilegedActionsRole/guard-alice-env");
    }

    @Test
    void aCredentialProcessProfileServesTheAwsCliFromTheSessionGuardLoginCached() throws Exception {
        var login = h.guard("alice", withCode(), "login");
        assertThat(login.exitCode()).as(login.err()).isZero();

        var p = awsCli(profile(""), devAdmin("sts", "get-caller-identity", "--query", "Arn", "--output", "text"));
        assertThat(p.code).as(p.err).isZero();
        assertThat(p.out.strip())
                .isEqualTo(
                        "arn:aws:sts::" + DEV + ":assumed-role/PrivilegedActionsRole/guard-alice-credential-process");
        assertThat(stsCalls("GetSessionToken"))
                .as("the login's session, no other")
                .hasSize(1);
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"kind\":\"credential-process\"");

        // --quiet keeps stderr clean; the credentials asked for still print.
        var quiet = h.guard(
                "alice", ScriptedTerminal.strict(false), "--quiet", "credential-process", "--account", "development");
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.out()).startsWith("{\"Version\":1,\"AccessKeyId\":\"ASIA");
    }

    @Test
    void parallelCredentialProcessesAskForOneCode() throws Exception {
        Path asked = dir.resolve("asked");
        Path mfa = script(
                "mfa.sh",
                "echo asked >> " + asked + "\nsleep 1\necho " + h.fixture().nextCode("alice") + "\n");
        Map<String, String> env = new HashMap<>(profile(""));
        env.put("GUARD_MFA_COMMAND", mfa.toString());
        List<Process> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callers.add(start(env, dir.resolve("caller" + i), devAdmin("sts", "get-caller-identity")));
        }
        for (int i = 0; i < callers.size(); i++) {
            assertThat(callers.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(callers.get(i).exitValue())
                    .as(Files.readString(dir.resolve("caller" + i + ".err")))
                    .isZero();
            assertThat(Files.readString(dir.resolve("caller" + i))).contains(DEV);
        }
        assertThat(Files.readAllLines(asked)).as("MFA codes asked for").hasSize(1);
        assertThat(stsCalls("GetSessionToken")).hasSize(1);
    }

    @Test
    void withoutASessionOrATerminalCredentialProcessSaysToLogInInOneLine() throws Exception {
        var r = h.guard("alice", ScriptedTerminal.strict(false), "credential-process", "--account", "development");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("run guard login first");
        assertThat(h.calls("sts").stream().filter(a -> a.endsWith("GetSessionToken") || a.endsWith("AssumeRole")))
                .isEmpty();
    }

    @Test
    void readOnlyMakesTerminateInstancesFailAndTheInstanceKeepsRunning() throws Exception {
        Path out = dir.resolve("terminate");
        var r = execAws(
                withCode(), List.of("--read-only"), out, "ec2", "terminate-instances", "--instance-ids", INSTANCE);
        assertThat(errOf(out)).as("guard started the command: " + r.err()).exists();
        assertThat(r.exitCode()).isNotZero();
        assertThat(Files.readString(errOf(out))).contains("UnauthorizedOperation");
        assertThat(h.instanceState(DEV, INSTANCE)).isEqualTo("running");
        assertThat(h.changes()).isEmpty();
    }

    @Test
    void aSessionPolicyOfYourOwnLimitsTheRoleSessionAndIsAuditedByDigest() throws Exception {
        Path policy = Files.writeString(dir.resolve("tables-only.json"), """
                {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Action": ["dynamodb:List*", "sts:GetCallerIdentity"],
                                "Resource": "*"}]}
                """);
        Path out = dir.resolve("describe");
        var r = execAws(withCode(), List.of("--session-policy", policy.toString()), out, "ec2", "describe-instances");
        assertThat(errOf(out)).as("guard started the command: " + r.err()).exists();
        assertThat(r.exitCode()).isNotZero();
        assertThat(Files.readString(errOf(out))).contains("UnauthorizedOperation");
        assertThat(Files.readString(dir.resolve("audit.jsonl")))
                .containsPattern("\"sessionPolicy\":\"policy sha256:[0-9a-f]{16}\"");
    }

    @Test
    void withoutASessionTheCredentialProcessAsksOnTheTerminalWithoutEchoingTheCode() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "util-linux script(1) gives the AWS CLI a terminal");
        String code = h.fixture().nextCode("alice");
        String cli = AWS + " --profile dev-admin --endpoint-url " + h.fixture().endpoint()
                + " sts get-caller-identity --query Arn --output text";
        // script(1) runs the AWS CLI on a pseudo-terminal: guard, its credential_process, finds it as
        // /dev/tty while the CLI reads guard's stdout and stderr.
        ProcessBuilder pb = process(script.toString(), "-qec", cli, "/dev/null");
        pb.environment().put("AWS_PAGER", ""); // on a terminal the CLI would page the answer through less
        pb.environment().putAll(profile(""));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        StringBuilder screen = new StringBuilder();
        var in = p.getInputStream();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // The code is typed only once the prompt shows, as a person would: typed earlier, the
        // terminal would echo it before guard turned echo off.
        while (!screen.toString().contains("mfa/alice: ") && System.nanoTime() < until) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            screen.append((char) c);
        }
        assertThat(screen.toString()).contains("Enter MFA code for arn:aws:iam::111111111111:mfa/alice");
        p.getOutputStream().write((code + "\n").getBytes());
        p.getOutputStream().flush();
        screen.append(new String(in.readAllBytes()));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(screen.toString()).isZero();
        assertThat(screen.toString())
                .contains("arn:aws:sts::" + DEV + ":assumed-role/PrivilegedActionsRole/guard-alice-credential-process")
                .as("the code never appears on the terminal")
                .doesNotContain(code);
    }

    /**
     * A background job (job control on, the CLI started with {@code &}) may not use the terminal: the
     * kernel would stop guard reading it or turning its echo off. guard says to log in, and never
     * hangs there.
     */
    @Test
    void aBackgroundJobWithoutASessionIsToldToLogInAndNeverStopsOnTheTerminal() throws Exception {
        String cli = AWS + " --profile dev-admin --endpoint-url " + h.fixture().endpoint()
                + " sts get-caller-identity --query Arn --output text";
        String screen = inTheBackground(cli, profile(""));
        assertThat(screen)
                .contains("run guard login")
                .doesNotContain("Enter MFA code")
                .doesNotContain("rc=0");
        assertThat(h.calls("sts")).doesNotContain("sts:GetSessionToken");
    }

    /** The same for guard exec started as a background job: it says why it cannot ask, and ends. */
    @Test
    void anExecInTheBackgroundWithoutASessionSaysWhyAndNeverStops() throws Exception {
        Map<String, String> env = profile("");
        String exec =
                dir.resolve("guard.sh") + " exec --account development --config " + h.configFile("alice") + " -- true";
        assertThat(inTheBackground(exec, env))
                .contains("guard cannot ask for a code here (a background job): run guard login")
                .contains("rc=4")
                .doesNotContain("Enter MFA code");
    }

    /**
     * What the terminal shows when an interactive bash (job control on) runs {@code command} as a
     * background job, waits for it and prints its exit code; fails if it never ends (stopped).
     */
    private String inTheBackground(String command, Map<String, String> env) throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "util-linux script(1) gives the shell a terminal");
        ProcessBuilder pb = process(
                script.toString(), "-qec", "bash -ic 'set -m; " + command + " & wait $!; echo rc=$?'", "/dev/null");
        pb.environment().put("AWS_PAGER", "");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("stopped on the terminal")
                .isTrue();
        return new String(p.getInputStream().readAllBytes());
    }

    /** A terminal that answers the MFA prompt once. */
    private ScriptedTerminal withCode() {
        return new ScriptedTerminal(true, h.fixture().nextCode("alice"));
    }

    /**
     * {@code guard exec --account development OPTIONS -- aws --endpoint-url SANDBOX ARGS} as alice, the
     * AWS CLI's stdout in {@code out} and its stderr beside it ({@link #errOf}).
     */
    private CliRunner.Result execAws(ScriptedTerminal terminal, List<String> options, Path out, String... awsArgs)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("exec", "--account", "development"));
        args.addAll(options);
        args.addAll(List.of(
                "--",
                capture.toString(),
                out.toString(),
                AWS.toString(),
                "--endpoint-url",
                h.fixture().endpoint().toString()));
        args.addAll(List.of(awsArgs));
        return h.guard("alice", terminal, args.toArray(String[]::new));
    }

    private Stream<String> stsCalls(String operation) {
        return h.calls("sts").stream().filter(a -> a.endsWith(operation));
    }

    // --- the AWS CLI as a process of its own, running guard as its credential_process ---

    private record Ran(int code, String out, String err) {}

    /** The environment of an AWS CLI whose profile dev-admin runs guard credential-process. */
    private Map<String, String> profile(String extraOptions) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path guard = script(
                "guard.sh",
                "exec " + java + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                        + System.getProperty("java.class.path") + "' dev.guard.cli.Main \"$@\"\n");
        Path config = Files.writeString(
                dir.resolve("aws-config"),
                "[profile dev-admin]\ncredential_process = "
                        + guard + " credential-process --account development --config " + h.configFile("alice")
                        + extraOptions + "\nregion = us-east-1\n");
        var alice = h.fixture().keys("alice");
        Map<String, String> env = new HashMap<>();
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
        // guard's own: its base keys, where its sessions and audit log are, the endpoint it talks to
        env.put("AWS_ACCESS_KEY_ID", alice.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", alice.secretAccessKey());
        env.put("AWS_ENDPOINT_URL", h.fixture().endpoint().toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        return env;
    }

    /** {@code aws --profile dev-admin --endpoint-url SANDBOX ARGS}: the CLI with guard as its credential_process. */
    private String[] devAdmin(String... args) {
        List<String> command = new ArrayList<>(List.of(
                AWS.toString(),
                "--profile",
                "dev-admin",
                "--endpoint-url",
                h.fixture().endpoint().toString()));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    private Ran awsCli(Map<String, String> env, String... command) throws Exception {
        Path out = dir.resolve("cli-" + System.nanoTime());
        Process p = start(env, out, command);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), Files.readString(out), Files.readString(errOf(out)));
    }

    private Process start(Map<String, String> env, Path out, String... command) throws Exception {
        ProcessBuilder pb = process(command);
        pb.environment().put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
        pb.environment().putAll(env);
        pb.directory(new File("").getAbsoluteFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(out.toFile());
        pb.redirectError(errOf(out).toFile());
        return pb.start();
    }

    /** A process with only what every process here needs in its environment: no metadata probe. */
    private ProcessBuilder process(String... command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return pb;
    }

    private static Path errOf(Path out) {
        return out.resolveSibling(out.getFileName() + ".err");
    }

    private Path script(String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
