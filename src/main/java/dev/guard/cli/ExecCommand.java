package dev.guard.cli;

import dev.guard.access.AccessAudit;
import dev.guard.access.AccessCredentials;
import dev.guard.config.Environment;
import dev.guard.error.GuardException;
import dev.guard.term.CtrlC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code guard exec -- COMMAND}: a command run with credentials from your MFA session. */
@Command(
        name = "exec",
        description = {
            "Run COMMAND with AWS credentials from your MFA session in its environment: AWS_ACCESS_KEY_ID,"
                    + " AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_REGION and"
                    + " AWS_DEFAULT_REGION (AWS_ENDPOINT_URL against an endpoint override), GUARD_EXEC set to the"
                    + " account; AWS_PROFILE and AWS_DEFAULT_PROFILE removed.",
            "It is the MFA session guard login and guard run use: one code serves many execs and runs. With"
                    + " --account, the account's role is assumed from it without another code (at most 1 h: AWS caps"
                    + " chained role sessions). The command inherits the terminal, Ctrl-C goes to it, and its exit"
                    + " code is guard's. A guard exec inside another (GUARD_EXEC set) is refused.",
            "Each use is one line in the audit log: you, the account, the role, the session policy and the"
                    + " command's name (never its arguments, never a secret)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard exec --account development -- aws ec2 describe-instances",
            "  guard exec --account production --read-only -- aws s3 ls",
            "  guard exec -- aws s3 cp report.csv s3://mfa-protected-bucket/   # your MFA session itself",
            "  guard exec --account staging -- bash                             # a shell in staging",
            "",
            "Exit codes: COMMAND's own once it has started. Before it starts, guard's:",
            "  2  invalid input (unknown account, bad policy, nested exec, command not found)",
            "  4  authentication or MFA failure",
            "  1  the audit log could not be written, AWS could not be reached, or another failure",
            "A COMMAND that itself exits 2 or 4 looks the same: guard's refusals also say why on stderr."
        })
final class ExecCommand extends AdHocAccessCommand {
    @Parameters(
            arity = "1..*",
            paramLabel = "COMMAND",
            description = "The command and its arguments (after --, or after guard's own options).")
    List<String> command;

    ExecCommand(Context context) {
        super(context, AccessAudit.Kind.EXEC);
    }

    /**
     * A command that cannot start is refused before credentials are obtained: the audit log would
     * otherwise record an access for a command that never ran. Looked up as ProcessBuilder will look
     * it up: a path as it is, a bare name on this JVM's own PATH.
     */
    @Override
    void check() {
        String name = command.get(0);
        boolean found;
        if (name.contains("/")) {
            found = executable(context.env().resolve(name));
        } else {
            found = !name.isEmpty()
                    && Arrays.stream(Environment.system().get("PATH").orElse("").split(":"))
                            .filter(dir -> !dir.isEmpty())
                            .anyMatch(dir -> executable(Path.of(dir).resolve(name)));
        }
        if (!found) {
            throw GuardException.invalid("cannot run " + name + ": "
                    + (name.contains("/") ? "no executable file there" : "not found on PATH"));
        }
    }

    private static boolean executable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    @Override
    Optional<String> auditedCommand() {
        return Optional.of(command.get(0));
    }

    @Override
    int use(Session session, AccessCredentials credentials) {
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.directory(context.env().workingDirectory().toFile());
        pb.environment().clear();
        pb.environment().putAll(credentials.childEnvironment(context.env().variables()));
        // Ctrl-C reaches the child from the terminal (same process group); guard waits for its end
        // rather than dying first and leaving it behind. Killed itself (SIGTERM from a supervisor,
        // SIGHUP when the terminal closes), guard passes it on: a child left running would go on
        // acting with the credentials after guard is gone. Both are in place before the child starts.
        AtomicReference<Process> started = new AtomicReference<>();
        Thread passOn = new Thread(() -> Optional.ofNullable(started.get()).ifPresent(ExecCommand::stop));
        passOn.setName("guard-exec-stop-child");
        CtrlC.hold();
        Runtime.getRuntime().addShutdownHook(passOn);
        try {
            try {
                started.set(pb.start());
            } catch (IOException e) {
                throw GuardException.invalid("cannot run " + command.get(0) + ": " + e.getMessage());
            }
            return waitFor(started.get());
        } finally {
            CtrlC.release();
            try {
                Runtime.getRuntime().removeShutdownHook(passOn);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }

    /** SIGTERM, so the child may clean up; after 5 s, SIGKILL. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(5, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }

    private static int waitFor(Process child) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return child.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
