package dev.guard.cli;

import dev.guard.credentials.CallerSession;
import dev.guard.credentials.Login;
import dev.guard.credentials.MfaCodes;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.term.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code guard login}: one MFA code now, a cached MFA session for the runs that follow. */
@Command(
        name = "login",
        description = {
            "Obtain an MFA session (GetSessionToken with MFA) now and cache it, so the runs that follow — from a"
                    + " terminal, the shell, or cron — need no code while it lasts (sessions.sessionTokenSeconds,"
                    + " default 12 h). Every role is then assumed from it without another code.",
            "Does nothing when a cached session is still good; --force gets a new one."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard login",
            "  guard login --mfa-command 'ykman oath accounts code -s aws'",
            "  guard login --endpoint-url http://127.0.0.1:4599      # against guard sandbox"
        })
final class LoginCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--force", description = "Get a new session even if the cached one is still good.")
    boolean force;

    @Spec
    CommandSpec spec;

    private final Context context;

    LoginCommand(Context context) {
        this.context = context;
    }

    /**
     * The sandbox options come with {@link ConnectionOptions} but mean nothing to a login (a session
     * cached for a sandbox that ends with the command): kept out of its help, refused if given.
     */
    static void hideSandboxOptions(picocli.CommandLine.Model.CommandSpec spec) {
        for (String name : List.of("--sandbox", "--sandbox-user", "--sandbox-seed", "--sandbox-accounts", "--speed")) {
            picocli.CommandLine.Model.OptionSpec option = spec.findOption(name);
            if (option != null && !option.hidden()) {
                spec.remove(option);
                spec.addOption(option.toBuilder().hidden(true).build());
            }
        }
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        if (connection.noSessionCache) {
            throw GuardException.invalid("guard login --no-session-cache would obtain a session only to discard it");
        }
        try (Connections.Opened opened = Connections.openFor("login", connection, session);
                CallerSession cs = session.callerSession(opened.connection())) {
            Login.Result r = new Login(cs, session.config(), session.sessionCache())
                    .run(
                            force,
                            () -> MfaCodes.choose(
                                            connection.mfaCode(),
                                            connection.mfaCommand(),
                                            context.env(),
                                            context.terminal(),
                                            Optional.empty())
                                    .orElseThrow(() -> new GuardException(
                                            ExitCode.AUTH_FAILED,
                                            "guard login needs an MFA code: run it on a terminal, or pass --mfa-command (or set"
                                                    + " GUARD_MFA_COMMAND)")));
            Instant now = Instant.now();
            session.out()
                    .println(
                            r.fresh()
                                    ? "Logged in as " + Printable.of(r.callerArn()) + " with "
                                            + Printable.of(r.serial())
                                            + ": MFA session valid for "
                                            + Duration.between(now, r.session().expires())
                                                    .toMinutes()
                                            + " min, cached in "
                                            + session.sessionCache().directory()
                                            + " (0600). guard logout removes it."
                                    : "Already logged in as " + Printable.of(r.callerArn()) + " with "
                                            + Printable.of(r.serial())
                                            + ": " + WhoamiCommand.describe(r.session(), now)
                                            + ". guard login --force for a new one.");
            session.out().flush();
            return ExitCode.OK;
        }
    }
}
