package dev.guard.cli;

import dev.guard.credentials.CallerSession;
import dev.guard.credentials.SessionCache;
import dev.guard.credentials.Whoami;
import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import dev.guard.term.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
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
            Whoami who = Whoami.of(cs, session.config(), session.sessionCache());
            if (session.global.json()) {
                json(session, who);
            } else {
                print(session, who);
            }
            return ExitCode.OK;
        }
    }

    private static void json(Session session, Whoami who) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("arn", who.caller().arn());
        doc.put("account", who.caller().accountId());
        doc.put("kind", who.caller().identity().kind().name().toLowerCase(Locale.ROOT));
        doc.put("credentials", who.credentials());
        doc.put("mfaDevice", who.mfaSerial().orElse(null));
        doc.put(
                "sessions",
                who.sessions().stream()
                        .map(e -> Map.of(
                                "mfaDevice", e.key().mfaSerial(),
                                "mfaAt", e.mfaAt().toString(),
                                "expires", e.expires().toString()))
                        .toList());
        Json.write(session.out(), doc);
    }

    private static void print(Session session, Whoami who) {
        var out = session.out();
        out.println("You are    " + Printable.of(who.caller().arn()));
        out.println("account    " + Printable.of(who.caller().accountId()));
        out.println("keys from  " + Printable.of(who.credentials()));
        out.println("MFA device " + Printable.of(who.mfaSerial().orElse("none configured (looked up when needed)")));
        if (who.sessions().isEmpty()) {
            out.println("sessions   none cached: the next run that needs MFA asks for a code (guard login primes one)");
        }
        for (SessionCache.Entry e : who.sessions()) {
            out.println("session    " + Printable.of(e.key().mfaSerial()) + ": " + describe(e, who.now()));
        }
        out.flush();
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
