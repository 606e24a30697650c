package dev.guard.cli;

import dev.guard.credentials.CallerSession;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.SessionCache;
import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import dev.guard.term.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard whoami}: who the base credentials are, and the MFA sessions cached for them. */
@Command(
        name = "whoami",
        description = {
            "Show who your base credentials are (one sts:GetCallerIdentity call), the MFA device guard will use, and"
                    + " the cached MFA sessions for you: when MFA was given and when they expire. Never a secret."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard whoami", "  guard whoami --profile work --output json"})
final class WhoamiCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    private final Context context;

    WhoamiCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        try (Connections.Opened opened = Connections.openFor("whoami", connection, session);
                CallerSession cs = session.callerSession(opened.connection())) {
            CredentialBroker.Caller caller = cs.broker().identify();
            Instant now = Instant.now();
            String endpoint = cs.connection().endpointName();
            List<SessionCache.Entry> sessions = session.sessionCache().all(now).stream()
                    .filter(e -> e.key().callerArn().equals(caller.arn())
                            && e.key().endpoint().equals(endpoint))
                    .toList();
            // As a run picks it: the sandbox user's or the profile's device, else the config's.
            java.util.Optional<String> serial = cs.connection()
                    .device()
                    .flatMap(d -> d.serial())
                    .or(() -> session.config().identity().mfaSerial());
            String device = serial.orElse("none configured (looked up when needed)");
            if (session.global.json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("arn", caller.arn());
                doc.put("account", caller.accountId());
                doc.put("kind", caller.identity().kind().name().toLowerCase(java.util.Locale.ROOT));
                doc.put("credentials", cs.connection().baseDescription());
                doc.put("mfaDevice", serial.orElse(null));
                doc.put(
                        "sessions",
                        sessions.stream()
                                .map(e -> Map.of(
                                        "mfaDevice", e.key().mfaSerial(),
                                        "mfaAt", e.mfaAt().toString(),
                                        "expires", e.expires().toString()))
                                .toList());
                Json.write(session.out(), doc);
                return ExitCode.OK;
            }
            var out = session.out();
            out.println("You are    " + Printable.of(caller.arn()));
            out.println("account    " + Printable.of(caller.accountId()));
            out.println("keys from  " + Printable.of(cs.connection().baseDescription()));
            out.println("MFA device " + Printable.of(String.valueOf(device)));
            if (sessions.isEmpty()) {
                out.println(
                        "sessions   none cached: the next run that needs MFA asks for a code (guard login primes one)");
            }
            for (SessionCache.Entry e : sessions) {
                out.println("session    " + Printable.of(e.key().mfaSerial()) + ": " + describe(e, now));
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** "MFA 12 min ago, expires in 11 h 48 min" */
    static String describe(SessionCache.Entry e, Instant now) {
        return "MFA " + words(e.age(now)) + " ago, expires in " + words(Duration.between(now, e.expires()));
    }

    private static String words(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
    }
}
