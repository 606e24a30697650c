package dev.guard.cli;

import dev.guard.audit.RunAudit;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.persist.StateException;
import dev.guard.sandbox.persist.StateFile;
import dev.guard.sandbox.seed.Faults;
import dev.guard.sandbox.seed.GeneratedAccounts;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.timing.Speed;
import dev.guard.term.Printable;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard sandbox}: the local, policy-faithful AWS endpoint, in the foreground. */
@Command(
        name = "sandbox",
        description = {
            "Run the sandbox: a local AWS endpoint on 127.0.0.1 that verifies SigV4 signatures against the seeded"
                    + " world's keys and evaluates IAM policies with MFA context, as AWS does. For rehearsals, demos"
                    + " and learning the MFA rules; it never talks to AWS.",
            "With --state-dir DIR the world survives restarts: DIR/state.json is loaded at start if present (else"
                    + " the seed is, and saved there), and rewritten atomically after every change: EC2 instances,"
                    + " DynamoDB tables and backups, S3 buckets and objects, the temporary credentials STS issued (so"
                    + " guard login sessions stay valid) and used MFA codes. IAM always comes from the seed. A new DIR"
                    + " is created 0700 and the file is 0600: it holds sandbox session secrets.",
            "State changes take time, as in AWS, scaled by --speed (default 10: a terminated instance is"
                    + " shutting-down for 3 s); a change under way is kept in the state file and ends on time after a"
                    + " restart."
        },
        subcommands = {SandboxEnvCommand.class, SandboxTotpCommand.class, SandboxJournalCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard sandbox --port 4599                 # foreground; Ctrl-C stops it",
            "  guard sandbox --state-dir ~/.guard-sandbox  # keep instances, objects, sessions across restarts",
            "  guard sandbox --speed 1                   # AWS-like: shutting-down 30 s, stopping 30 s",
            "  guard sandbox --speed instant             # every state change is over at once",
            "  guard sandbox --accounts 200              # an organization of 200 more member accounts",
            "  eval \"$(guard sandbox env alice --port 4599)\"",
            "  aws --endpoint-url http://127.0.0.1:4599 sts get-caller-identity",
            "  guard sandbox totp alice                  # alice's current MFA code",
            "  guard sandbox --fault s3:PutObject:throttle=3 --fault sts:*:latency=200"
        })
final class SandboxCommand implements Callable<Integer> {
    @Mixin
    SandboxOptions options;

    @Option(names = "--fault", paramLabel = "RULE", description = "Inject a fault (repeatable): " + FaultOption.HELP)
    List<String> faultRules = new ArrayList<>();

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Load the world from DIR/state.json if present (else seed it there) and save every change.")
    String stateDir;

    @Option(
            names = "--accounts",
            paramLabel = "N",
            converter = SandboxOptions.AccountCount.class,
            description = "Also " + SandboxOptions.ACCOUNTS_HELP)
    Integer accounts;

    @Option(
            names = "--speed",
            paramLabel = "FACTOR",
            converter = SandboxOptions.SpeedText.class,
            description = "Sets " + SandboxOptions.SPEED_HELP)
    String speed;

    @Spec
    CommandSpec spec;

    private final Context context;

    SandboxCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        SeedWorld seeded = options.world(context);
        List<Faults.Rule> rules = new ArrayList<>(seeded.faults().rules());
        faultRules.forEach(f -> rules.add(FaultOption.parse(f)));
        SeedWorld world = SandboxOptions.generated(seeded, accounts).withFaults(new Faults(rules));
        Session session = new Session(context, spec.commandLine());
        Optional<Path> state =
                Optional.ofNullable(stateDir).map(d -> context.env().resolve(d));
        if (state.isPresent() && Files.exists(state.get()) && !Files.isDirectory(state.get())) {
            throw GuardException.invalid("--state-dir " + state.get() + " is not a directory");
        }
        Speed pace = SandboxOptions.speed(context, speed);
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(
                    world,
                    options.port,
                    Clock.systemUTC(),
                    line -> {
                        if (session.global.debug) {
                            session.err()
                                    .println("sandbox: " + Printable.lines(line)); // a canonical request spans lines
                            session.err().flush();
                        }
                    },
                    state,
                    warning -> {
                        session.err().println("guard sandbox: " + warning);
                        session.err().flush();
                    },
                    pace);
        } catch (StateException e) {
            throw GuardException.invalid("cannot load the sandbox state: " + e.getMessage());
        } catch (BindException e) {
            // "Address already in use", or "Permission denied" for a port below 1024.
            throw GuardException.invalid(
                    "cannot listen on port " + options.port + " (" + e.getMessage() + "); pick another with --port");
        } catch (java.nio.file.FileSystemException e) {
            // The state directory cannot be made or used (under a file, read-only, not allowed).
            throw GuardException.invalid("cannot start the sandbox: "
                    + (e.getFile() == null ? "" : e.getFile() + ": ") + RunAudit.why(e)
                    + (state.isPresent() ? " (--state-dir " + state.get() + ")" : ""));
        } catch (IOException e) {
            throw new GuardException(ExitCode.ACTION_FAILED, "cannot start the sandbox: " + e.getMessage());
        }
        announce(session, sandbox, state, pace);
        announceOrganization(session, world);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        stopped.await();
        return ExitCode.OK;
    }

    /** Where the generated accounts are (the bench and the docs name them), when there are any. */
    private static void announceOrganization(Session session, SeedWorld world) {
        world.organization().filter(o -> o.generated() > 0).ifPresent(o -> {
            session.out()
                    .println("Organization " + o.id() + " (management account " + o.managementAccountId()
                            + "): " + o.generated() + " generated member accounts " + GeneratedAccounts.name(1) + "..."
                            + GeneratedAccounts.name(o.generated()) + ", ids " + GeneratedAccounts.id(1) + "..."
                            + GeneratedAccounts.id(o.generated())
                            + ", each with PrivilegedActionsRole and 3 instances.");
            session.out().flush();
        });
    }

    /** What the operator reads once the sandbox listens: where, from what, and how to point a client at it. */
    private void announce(Session session, Sandbox sandbox, Optional<Path> state, Speed pace) {
        var out = session.out();
        out.println("guard sandbox listening on " + sandbox.endpoint() + " (seed: " + options.seedName()
                + state.map(d -> "; state: " + d.resolve(StateFile.NAME)).orElse("") + "; speed: " + pace + ")");
        out.println("Point a shell or the AWS CLI at it:");
        out.println("  eval \"$(guard sandbox env alice --port " + sandbox.port() + ")\"");
        out.println("  aws --endpoint-url " + sandbox.endpoint() + " sts get-caller-identity");
        out.println("MFA codes: guard sandbox totp alice. Ctrl-C stops the sandbox.");
        // S3 MFA Delete is the root user's: its keys and code are there too.
        out.println(
                "Root users (S3 MFA Delete): guard sandbox env root@production, guard sandbox totp root@production.");
        out.flush();
    }
}
