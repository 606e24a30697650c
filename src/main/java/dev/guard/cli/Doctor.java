package dev.guard.cli;

import dev.guard.auth.MfaDevice;
import dev.guard.config.Account;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.SessionCache;
import dev.guard.credentials.TrustPolicies;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.term.Printable;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The checks of {@code guard doctor}, apart from the command so that picocli, which reflects on
 * commands for every command line, never meets an AWS SDK type.
 */
final class Doctor {
    /** AWS refuses signatures more than 5 minutes off; warn well before. */
    static final Duration SKEW_WARN = Duration.ofMinutes(1);

    static final Duration SKEW_FAIL = Duration.ofMinutes(5);

    private final Session session;
    private final ConnectionOptions connection;
    private final PrintWriter out;
    private int failures;

    Doctor(Session session, ConnectionOptions connection) {
        this.session = session;
        this.connection = connection;
        this.out = session.out();
    }

    /** Every check's verdict, in order: printed as it comes, or one JSON document at the end. */
    private final List<Map<String, String>> checks = new ArrayList<>();

    private void ok(String line) {
        check("ok", "ok    ", line);
    }

    private void warn(String line) {
        check("warn", "warn  ", line);
    }

    private void fail(String line) {
        failures++;
        check("fail", "FAIL  ", line);
    }

    private void check(String status, String prefix, String line) {
        checks.add(Map.of("status", status, "message", line));
        if (!session.global.json()) {
            out.println(prefix + Printable.of(line));
        }
    }

    int run() {
        var config = session.config();
        ok("config " + config.source().map(Object::toString).orElse("(none found: built-in defaults)") + ": "
                + config.accounts().size() + " accounts");
        try (CallerSession cs = new CallerSession(connection, session, "doctor")) {
            CredentialBroker.Caller caller;
            GetCallerIdentityResponse identity;
            try {
                identity = cs.clients
                        .sts(cs.opened.connection().base(), cs.broker.region())
                        .getCallerIdentity();
                caller = cs.broker.identify();
            } catch (GuardException | SdkException e) {
                fail("base credentials (" + cs.opened.connection().baseDescription() + "): " + e.getMessage());
                return finish();
            }
            ok("base credentials " + caller.arn() + " ("
                    + cs.opened.connection().baseDescription() + ")");
            try {
                CallerSession.requireIamUser(caller);
            } catch (GuardException e) {
                fail(e.getMessage());
            }
            clock(identity);
            MfaDevice device = device(session, cs);
            roles(session, cs, caller, device);
        }
        if (!session.global.json()) {
            out.println();
            out.println("note  " + NOTE);
        }
        return finish();
    }

    static final String NOTE = "A role that trusts another account is only as safe as that account's control of MFA"
            + " devices: whoever may create or deactivate MFA devices there (iam:CreateVirtualMFADevice,"
            + " iam:EnableMFADevice, iam:DeactivateMFADevice) can satisfy aws:MultiFactorAuthPresent. Keep those"
            + " actions as tightly held as the roles themselves (DESIGN.md §1.8).";

    private int finish() {
        int exit = failures == 0 ? ExitCode.OK : ExitCode.AUTH_FAILED;
        if (session.global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("exitCode", exit);
            doc.put("failures", failures);
            doc.put("checks", checks);
            doc.put("note", NOTE);
            Json.write(out, doc);
        }
        out.flush();
        return exit;
    }

    /** The endpoint's Date header against this machine's clock. */
    private void clock(GetCallerIdentityResponse identity) {
        Optional<String> date = identity.sdkHttpResponse().firstMatchingHeader("Date");
        if (date.isEmpty()) {
            warn("clock: the endpoint sent no Date header, skew not checked");
            return;
        }
        Duration skew;
        try {
            Instant theirs = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            skew = Duration.between(theirs, Instant.now()).abs();
        } catch (RuntimeException e) {
            warn("clock: the endpoint's Date header is not a date, skew not checked");
            return;
        }
        String s = "clock differs from the endpoint's by " + skew.toSeconds() + " s";
        if (skew.compareTo(SKEW_FAIL) > 0) {
            fail(s + ": AWS refuses signatures more than 5 minutes off; fix the system clock (NTP)");
        } else if (skew.compareTo(SKEW_WARN) > 0) {
            warn(s + " (AWS allows 5 minutes; TOTP codes drift with it)");
        } else {
            ok(s);
        }
    }

    private MfaDevice device(Session session, CallerSession cs) {
        Optional<MfaDevice> configured = cs.opened
                .connection()
                .device()
                .or(() -> session.config().identity().mfaSerial().map(s -> MfaDevice.of(s, MfaDevice.Source.CONFIG)));
        try {
            MfaDevice d = cs.broker.device(configured.orElse(MfaDevice.discoveredAtRunTime()));
            ok("MFA device " + d.serial().orElseThrow() + " (" + d.source().shown() + ")");
            return d;
        } catch (GuardException e) {
            fail(e.getMessage());
            return MfaDevice.discoveredAtRunTime();
        }
    }

    /**
     * Each role the config makes guard use, read as that role (GetRole reads only roles of the
     * caller's own account), through the cached MFA session so no code is asked for.
     */
    private void roles(Session session, CallerSession cs, CredentialBroker.Caller caller, MfaDevice device) {
        Set<String> roleArns = new LinkedHashSet<>();
        for (Account a : session.config().accounts().values()) {
            a.role().or(() -> session.config().defaultRole()).ifPresent(r -> {
                if (!a.id().equals(caller.accountId())) {
                    roleArns.add("arn:aws:iam::" + a.id() + ":role/" + r);
                }
            });
        }
        if (roleArns.isEmpty()) {
            ok("roles: the config names none");
            return;
        }
        Optional<SessionCache.Entry> mfa = device.serial().isEmpty()
                ? Optional.empty()
                : session.sessionCache().find(cs.key(caller, device), Instant.now(), Optional.empty());
        if (mfa.isEmpty()) {
            warn("roles: " + roleArns.size() + " not checked: reading a role's trust policy needs your MFA session;"
                    + " run guard login, then guard doctor");
            return;
        }
        SessionCache.Entry e = mfa.get();
        AwsCredentialsProvider session0 = StaticCredentialsProvider.create(
                AwsSessionCredentials.create(e.accessKeyId(), e.secretAccessKey(), e.sessionToken()));
        for (String arn : roleArns) {
            String name = arn.substring(arn.lastIndexOf('/') + 1);
            try {
                var creds = cs.clients
                        .sts(session0, cs.broker.region())
                        .assumeRole(b ->
                                b.roleArn(arn).roleSessionName("guard-doctor").durationSeconds(900))
                        .credentials();
                var asRole = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken()));
                String document = URLDecoder.decode(
                        cs.clients
                                .iam(asRole)
                                .getRole(b -> b.roleName(name))
                                .role()
                                .assumeRolePolicyDocument(),
                        StandardCharsets.UTF_8);
                if (session.config().sessions().sourceIdentity()
                        && !TrustPolicies.allows(document, "sts:SetSourceIdentity")) {
                    warn("role " + arn + ": its trust policy does not allow sts:SetSourceIdentity, which guard sets to"
                            + " name you in CloudTrail; AssumeRole will be denied until it does (or set"
                            + " sessions.sourceIdentity: false)");
                }
                List<String> open = TrustPolicies.statementsWithoutMfa(document);
                if (open.isEmpty()) {
                    ok("role " + arn + ": its trust policy requires MFA");
                } else {
                    warn("role " + arn + ": its trust policy lets " + String.join(", ", open)
                            + " assume it WITHOUT MFA; guard asks for MFA anyway, but others need not");
                }
            } catch (IllegalArgumentException ex) {
                warn("role " + arn + ": its trust policy could not be read as JSON");
            } catch (SdkException ex) {
                warn("role " + arn + ": trust policy not readable ("
                        + ex.getClass().getSimpleName() + ": "
                        + Optional.ofNullable(ex.getMessage()).orElse("").replaceAll("\\s+", " ") + ")");
            }
        }
    }
}
