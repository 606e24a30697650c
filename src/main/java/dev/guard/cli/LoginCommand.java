package dev.guard.cli;

import dev.guard.auth.Acquisition;
import dev.guard.auth.CredentialPlan;
import dev.guard.auth.MfaDevice;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.MfaCodes;
import dev.guard.credentials.SessionCache;
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
        for (String name : List.of("--sandbox", "--sandbox-user", "--sandbox-seed")) {
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
        try (CallerSession cs = new CallerSession(connection, session, "login")) {
            CredentialBroker.Caller caller = cs.broker.identify();
            CallerSession.requireIamUser(caller);
            // As a run would pick it: the sandbox's or profile's device, the config's, or looked up.
            MfaDevice device = cs.broker.device(cs.opened
                    .connection()
                    .device()
                    .or(() ->
                            session.config().identity().mfaSerial().map(s -> MfaDevice.of(s, MfaDevice.Source.CONFIG)))
                    .orElse(MfaDevice.discoveredAtRunTime()));
            SessionCache cache = session.sessionCache();
            SessionCache.Key key = cs.key(caller, device);
            var out = session.out();
            Optional<SessionCache.Entry> current = cache.find(key, Instant.now(), Optional.empty());
            if (current.isPresent() && !force) {
                out.println("Already logged in as " + Printable.of(caller.arn()) + " with "
                        + device.serial().orElseThrow() + ": " + WhoamiCommand.describe(current.get(), Instant.now())
                        + ". guard login --force for a new one.");
                out.flush();
                return ExitCode.OK;
            }
            int seconds = session.config().sessions().sessionTokenSeconds();
            CredentialPlan plan = new CredentialPlan(
                    List.of(), List.of(new Acquisition.GetSessionToken(device.serial(), seconds, true)), 1, List.of());
            CredentialBroker.MfaSessions fresh = new CredentialBroker.MfaSessions() {
                @Override
                public Optional<SessionCache.Entry> usable() {
                    return Optional.empty(); // login is the one place a new code is the point
                }

                @Override
                public void keep(software.amazon.awssdk.services.sts.model.Credentials c, Instant mfaAt) {
                    cache.sessions(key, Optional.empty()).keep(c, mfaAt);
                }

                @Override
                public void forget() {
                    cache.forget(key);
                }
            };
            cs.broker.acquire(
                    plan,
                    device,
                    () -> MfaCodes.choose(
                                    connection.mfaCode(),
                                    connection.mfaCommand(),
                                    context.env(),
                                    context.terminal(),
                                    Optional.empty())
                            .orElseThrow(() -> new GuardException(
                                    ExitCode.AUTH_FAILED,
                                    "guard login needs an MFA code: run it on a terminal, or pass --mfa-command (or set"
                                            + " GUARD_MFA_COMMAND)")),
                    "unused",
                    fresh);
            Optional<SessionCache.Entry> stored = cache.find(key, Instant.now(), Optional.empty());
            if (stored.isEmpty()) {
                throw new GuardException(
                        ExitCode.ACTION_FAILED,
                        "the MFA session was obtained but could not be cached in " + cache.directory());
            }
            out.println("Logged in as " + Printable.of(caller.arn()) + " with "
                    + device.serial().orElseThrow() + ": MFA session valid"
                    + " for "
                    + Duration.between(Instant.now(), stored.get().expires()).toMinutes() + " min, cached in "
                    + cache.directory() + " (0600). guard logout removes it.");
            out.flush();
            return ExitCode.OK;
        }
    }
}
