package dev.guard.credentials;

import dev.guard.auth.MfaDevice;
import dev.guard.config.Account;
import dev.guard.config.GuardConfig;
import dev.guard.error.GuardException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The checks of {@code guard doctor}: the config, the base credentials, the clock, the MFA device
 * and the trust policy of each role the config uses. Every AWS call goes through the broker and the
 * retry layer, as a run's do; each verdict is reported as it comes.
 */
public final class Doctor {
    /** AWS refuses signatures more than 5 minutes off; warn well before. */
    static final Duration SKEW_WARN = Duration.ofMinutes(1);

    static final Duration SKEW_FAIL = Duration.ofMinutes(5);

    public static final String NOTE =
            "A role that trusts another account is only as safe as that account's control of MFA"
                    + " devices: whoever may create or deactivate MFA devices there (iam:CreateVirtualMFADevice,"
                    + " iam:EnableMFADevice, iam:DeactivateMFADevice) can satisfy aws:MultiFactorAuthPresent. Keep"
                    + " those actions as tightly held as the roles themselves (DESIGN.md §1.8).";

    /** How a check came out. */
    public enum Status {
        OK,
        WARN,
        FAIL
    }

    /** One check's verdict. */
    public record Check(Status status, String message) {}

    private final CallerSession cs;
    private final GuardConfig config;
    private final SessionCache cache;
    private final Consumer<Check> report;

    /** @param report told of each verdict in order, as it comes */
    public Doctor(CallerSession cs, GuardConfig config, SessionCache cache, Consumer<Check> report) {
        this.cs = cs;
        this.config = config;
        this.cache = cache;
        this.report = report;
    }

    /** @return whether the checks got past the base credentials (else there was nothing more to check) */
    public boolean run() {
        ok("config " + config.source().map(Object::toString).orElse("(none found: built-in defaults)") + ": "
                + config.accounts().size() + " accounts");
        CredentialBroker.Identified identified;
        try {
            identified = cs.broker().identifyWithDate();
        } catch (GuardException e) {
            fail("base credentials (" + cs.connection().baseDescription() + "): " + e.getMessage());
            return false;
        }
        CredentialBroker.Caller caller = identified.caller();
        ok("base credentials " + caller.arn() + " (" + cs.connection().baseDescription() + ")");
        try {
            CallerSession.requireIamUser(caller);
        } catch (GuardException e) {
            fail(e.getMessage());
        }
        clock(identified.date());
        roles(caller, device());
        return true;
    }

    private void ok(String line) {
        report.accept(new Check(Status.OK, line));
    }

    private void warn(String line) {
        report.accept(new Check(Status.WARN, line));
    }

    private void fail(String line) {
        report.accept(new Check(Status.FAIL, line));
    }

    /** The endpoint's Date header against this machine's clock. */
    private void clock(Optional<String> date) {
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

    private MfaDevice device() {
        try {
            MfaDevice d = cs.device(config);
            ok("MFA device " + d.serial().orElseThrow() + " (" + d.source().shown() + ")");
            return d;
        } catch (GuardException e) {
            fail(e.getMessage());
            return MfaDevice.discoveredAtRunTime();
        }
    }

    /**
     * Each role the config makes guard use, read as that role, through the cached MFA session so no
     * code is asked for.
     */
    private void roles(CredentialBroker.Caller caller, MfaDevice device) {
        Set<String> roleArns = new LinkedHashSet<>();
        for (Account a : config.accounts().values()) {
            a.role().or(config::defaultRole).ifPresent(r -> {
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
                : cache.find(cs.key(caller, device), Instant.now(), Optional.empty());
        if (mfa.isEmpty()) {
            warn("roles: " + roleArns.size() + " not checked: reading a role's trust policy needs your MFA session;"
                    + " run guard login, then guard doctor");
            return;
        }
        roleArns.forEach(arn -> role(arn, mfa.get()));
    }

    private void role(String arn, SessionCache.Entry mfa) {
        String document;
        try {
            document = cs.trustPolicy(arn, mfa);
        } catch (SdkException e) {
            warn("role " + arn + ": trust policy not readable (" + e.getClass().getSimpleName() + ": "
                    + Optional.ofNullable(e.getMessage()).orElse("").replaceAll("\\s+", " ") + ")");
            return;
        }
        try {
            if (config.sessions().sourceIdentity() && !TrustPolicies.allows(document, "sts:SetSourceIdentity")) {
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
        } catch (IllegalArgumentException e) {
            warn("role " + arn + ": its trust policy could not be read as JSON");
        }
    }
}
