package dev.guard.credentials;

import dev.guard.auth.Acquisition;
import dev.guard.auth.BaseIdentity;
import dev.guard.auth.CredentialPlan;
import dev.guard.auth.MfaDevice;
import dev.guard.auth.StepCredentials;
import dev.guard.auth.Strategy;
import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetSessionTokenRequest;

/**
 * Carries out a {@link CredentialPlan}: identifies the caller, finds the MFA device when none is
 * configured, asks for one code (only if the plan needs it, and only once — or, typed at a terminal
 * and refused by AWS as invalid, once more), and makes the STS calls
 * in the plan's order. A GetSessionToken(MFA) session is made first when the plan chains roles from
 * it, so every AssumeRole after it carries MFA without another code.
 */
public final class CredentialBroker {
    /** The caller as AWS identified the base credentials. */
    public record Caller(BaseIdentity identity, String arn, String accountId) {}

    /** One set of credentials a step runs with, and how it was obtained (for the report; no secret). */
    public record StepSession(
            AwsCredentialsProvider provider, String how, Optional<Instant> expires, boolean fromCache) {
        StepSession(AwsCredentialsProvider provider, String how, Optional<Instant> expires) {
            this(provider, how, expires, false);
        }
    }

    /**
     * What {@link #acquire} obtained: the session of each step, and every session in the order it
     * was obtained (for the operator: a GetSessionToken session no step uses directly still shows).
     */
    public record Acquired(Map<String, StepSession> byStep, List<StepSession> inOrder) {}

    /**
     * Where MFA sessions outlive a run ({@link SessionCache}); {@link #NONE} for runs that keep
     * nothing (the sandbox started for one run, {@code --no-session-cache}).
     */
    public interface MfaSessions {
        /** A cached GetSessionToken(MFA) session still good for this run. */
        Optional<SessionCache.Entry> usable();

        /** Keeps a session just obtained; a failure to keep it must not fail the run. */
        void keep(Credentials credentials, Instant mfaAt);

        /** Drops the kept session: AWS refused it (expired early, or revoked). */
        void forget();

        /** {@code sessions}, but a session whose MFA is older than {@code maxAge} is not usable. */
        static MfaSessions youngerThan(MfaSessions sessions, Optional<java.time.Duration> maxAge) {
            return new MfaSessions() {
                @Override
                public Optional<SessionCache.Entry> usable() {
                    return sessions.usable()
                            .filter(e ->
                                    maxAge.isEmpty() || e.age(Instant.now()).compareTo(maxAge.get()) <= 0);
                }

                @Override
                public void keep(Credentials credentials, Instant mfaAt) {
                    sessions.keep(credentials, mfaAt);
                }

                @Override
                public void forget() {
                    sessions.forget();
                }
            };
        }

        MfaSessions NONE = new MfaSessions() {
            @Override
            public Optional<SessionCache.Entry> usable() {
                return Optional.empty();
            }

            @Override
            public void keep(Credentials credentials, Instant mfaAt) {}

            @Override
            public void forget() {}
        };
    }

    private final AwsClients clients;
    private final Calls calls;
    private final AwsCredentialsProvider base;
    private final String region;
    private final Optional<AwsProfiles.RoleProfile> roleProfile;
    private Optional<String> sourceIdentity = Optional.empty();
    private Optional<String> sessionPolicy = Optional.empty();
    private Set<String> deferred = Set.of();

    /**
     * @param calls the retry layer: STS is retried like every other service, except that a call
     *     carrying an MFA code is repeated only when the code certainly was not spent
     * @param base the long-term (or otherwise base) credentials
     * @param region where STS is called (its regional endpoint)
     * @param roleProfile an AWS role profile's settings for its role, applied when it is assumed
     */
    public CredentialBroker(
            AwsClients clients,
            Calls calls,
            AwsCredentialsProvider base,
            String region,
            Optional<AwsProfiles.RoleProfile> roleProfile) {
        this.clients = clients;
        this.calls = calls;
        this.base = base;
        this.region = region;
        this.roleProfile = roleProfile;
    }

    /**
     * Sets SourceIdentity on every AssumeRole: the human's name, which CloudTrail keeps through
     * every chained session and which cannot be changed within it (RoleSessionName can).
     */
    public void nameSessionsAfter(String user) {
        this.sourceIdentity = Optional.of(SessionNames.sourceIdentity(user));
    }

    /**
     * Sends {@code policy} as the inline session policy ({@code Policy}) of every AssumeRole: the
     * role session can then do only what both the role and the policy allow (guard exec
     * --read-only). GetSessionToken takes none.
     */
    public void limitRoleSessionsTo(String policy) {
        this.sessionPolicy = Optional.of(policy);
    }

    /**
     * Chained roles assumed only when first used, each in the worker of its account-set member:
     * one refused there fails that member, not the run ({@link DeferredRole}).
     */
    public void deferChainedRoles(Set<String> roleArns) {
        this.deferred = Set.copyOf(roleArns);
    }

    /** Where STS is called. */
    public String region() {
        return region;
    }

    /** GetCallerIdentity with the base credentials: who guard runs as, before anything else. */
    public Caller identify() {
        return identifyWithDate().caller();
    }

    /**
     * The caller, and the endpoint's {@code Date} header of the same answer (for a clock check).
     *
     * @param date the header as sent, if it was
     */
    public record Identified(Caller caller, Optional<String> date) {}

    /** {@link #identify()}, keeping the answer's {@code Date} header. */
    public Identified identifyWithDate() {
        try {
            StsClient sts = clients.sts(base, region);
            GetCallerIdentityResponse r = calls.call("GetCallerIdentity", sts::getCallerIdentity);
            return new Identified(
                    new Caller(BaseIdentity.fromCallerArn(r.account(), r.arn()), r.arn(), r.account()),
                    r.sdkHttpResponse().firstMatchingHeader("Date"));
        } catch (SdkException e) {
            throw StsFailures.explain(e, "GetCallerIdentity (checking who your base credentials are)", false, "");
        }
    }

    /**
     * The device to send: the planned one, or the caller's only MFA device as {@code
     * iam:ListMFADevices} lists it when none is configured.
     */
    public MfaDevice device(MfaDevice planned) {
        if (planned.serial().isPresent()) {
            return planned;
        }
        List<String> serials;
        try {
            var iam = clients.iam(base);
            serials = calls.call("ListMFADevices", iam::listMFADevices).mfaDevices().stream()
                    .map(d -> d.serialNumber())
                    .toList();
        } catch (SdkException e) {
            throw new GuardException(
                    ExitCode.AUTH_FAILED,
                    "no MFA device is configured and guard could not list yours (iam:ListMFADevices: "
                            + StsFailures.shorten(e.getMessage())
                            + "); set identity.mfaSerial in the config or mfa_serial in the profile ("
                            + BaseCredentials.RUNNER_MODE_HINT + ")");
        }
        if (serials.size() != 1) {
            throw new GuardException(
                    ExitCode.AUTH_FAILED,
                    serials.isEmpty()
                            ? "your IAM user has no MFA device, so guard cannot obtain MFA-backed credentials;"
                                    + " assign one in IAM (" + BaseCredentials.RUNNER_MODE_HINT + ")"
                            : "your IAM user has " + serials.size() + " MFA devices (" + String.join(", ", serials)
                                    + "); say which in identity.mfaSerial");
        }
        return MfaDevice.of(serials.get(0), MfaDevice.Source.DISCOVERED);
    }

    /**
     * Makes the plan's STS calls.
     *
     * @param codes asked only when an acquisition sends a code, once — and once more when AWS
     *     refuses a code typed at a terminal as invalid
     * @param sessionName the RoleSessionName for every AssumeRole
     * @return the credentials of each step, by step id
     */
    public Acquired acquire(
            CredentialPlan plan,
            MfaDevice device,
            Supplier<MfaCodeSource> codes,
            String sessionName,
            MfaSessions cache) {
        StepSession baseSession = new StepSession(base, "your base credentials", Optional.empty());
        StepSession ownSession = null;
        Map<String, StepSession> roles = new HashMap<>();
        String serial = device.serial().orElse("");
        List<StepSession> inOrder = new ArrayList<>();
        for (Acquisition a : plan.acquisitions()) {
            if (a instanceof Acquisition.GetSessionToken g) {
                ownSession = getSessionToken(g, serial, codes, cache);
                inOrder.add(ownSession);
            } else if (a instanceof Acquisition.AssumeRole r) {
                StepSession using = r.chainedFromSessionToken() ? ownSession : baseSession;
                if (using == null) {
                    throw new IllegalStateException("chained AssumeRole before its GetSessionToken");
                }
                StepSession role = assumeRole(r, using, serial, codes, sessionName, cache);
                roles.put(r.roleArn(), role);
                inOrder.add(role);
            }
        }
        if (ownSession != null && ownSession.fromCache() && usedAfterAcquiring(plan)) {
            checkCached(ownSession, cache, serial);
        }
        Map<String, StepSession> byStep = new HashMap<>();
        for (StepCredentials s : plan.steps()) {
            StepSession session = switch (s.strategy()) {
                case BASE_CREDENTIALS -> baseSession;
                case SESSION_TOKEN_WITH_MFA -> ownSession;
                case ASSUME_ROLE_WITH_MFA, SESSION_TOKEN_THEN_ASSUME_ROLE, ASSUME_ROLE ->
                    roles.get(s.roleArn().orElseThrow());
            };
            if (session == null) {
                throw new IllegalStateException("the credential plan gives step " + s.stepId() + " no session");
            }
            byStep.put(s.stepId(), session);
        }
        return new Acquired(byStep, inOrder);
    }

    /**
     * Whether the MFA session is first used after acquisition, where a refusal of a cached one
     * would not be recognised as such: by a step that acts with it directly, or by a chained role
     * deferred to an account-set member's worker (each member would fail alone, and the cache
     * would stay to fail every later run).
     */
    private boolean usedAfterAcquiring(CredentialPlan plan) {
        return plan.steps().stream().anyMatch(s -> s.strategy() == Strategy.SESSION_TOKEN_WITH_MFA)
                || plan.acquisitions().stream()
                        .anyMatch(a -> a instanceof Acquisition.AssumeRole r
                                && r.chainedFromSessionToken()
                                && deferred.contains(r.roleArn()));
    }

    /** Asked now, a cached session AWS no longer honours is removed before any target is read. */
    private void checkCached(StepSession cached, MfaSessions cache, String serial) {
        try {
            clients.sts(cached.provider(), region).getCallerIdentity();
        } catch (SdkException e) {
            throw refusedCache(e, "GetCallerIdentity", cache)
                    .orElseThrow(() -> StsFailures.explain(
                            e, "GetCallerIdentity (checking your cached MFA session)", false, serial));
        }
    }

    private StepSession getSessionToken(
            Acquisition.GetSessionToken g, String serial, Supplier<MfaCodeSource> codes, MfaSessions cache) {
        if (g.withMfa()) {
            Optional<SessionCache.Entry> cached = cache.usable();
            if (cached.isPresent()) {
                SessionCache.Entry e = cached.get();
                long minutes = e.age(Instant.now()).toMinutes();
                return new StepSession(
                        StaticCredentialsProvider.create(AwsSessionCredentials.builder()
                                .accessKeyId(e.accessKeyId())
                                .secretAccessKey(e.secretAccessKey())
                                .sessionToken(e.sessionToken())
                                .expirationTime(e.expires())
                                .build()),
                        "your cached MFA session (GetSessionToken with MFA " + minutes + " min ago; no prompt)",
                        Optional.of(e.expires()),
                        true);
            }
        }
        String call = "GetSessionToken" + (g.withMfa() ? " with MFA device " + serial : "");
        try {
            var request = GetSessionTokenRequest.builder().durationSeconds(g.durationSeconds());
            StsClient sts = clients.sts(base, region);
            // MFA age counts from the request: the code was checked no earlier than this.
            Instant[] asked = {Instant.now()};
            Credentials c = (g.withMfa()
                            ? coded("GetSessionToken", codes.get(), serial, code -> {
                                asked[0] = Instant.now();
                                return sts.getSessionToken(request.serialNumber(serial)
                                        .tokenCode(code)
                                        .build());
                            })
                            : calls.call("GetSessionToken", () -> sts.getSessionToken(request.build())))
                    .credentials();
            if (g.withMfa()) {
                cache.keep(c, asked[0]);
            }
            return session(c, "GetSessionToken" + (g.withMfa() ? " with MFA" : ""));
        } catch (SdkException e) {
            throw StsFailures.explain(e, call, g.withMfa(), serial);
        }
    }

    private StepSession assumeRole(
            Acquisition.AssumeRole r,
            StepSession using,
            String serial,
            Supplier<MfaCodeSource> codes,
            String sessionName,
            MfaSessions cache) {
        String call = "AssumeRole " + r.roleArn()
                + (r.withMfa() ? " with MFA" : r.chainedFromSessionToken() ? " using your MFA session" : "");
        StsClient sts = clients.sts(using.provider(), region);
        try {
            var request = AssumeRoleRequest.builder()
                    .roleArn(r.roleArn())
                    .roleSessionName(sessionName)
                    .durationSeconds(r.durationSeconds());
            sourceIdentity.ifPresent(request::sourceIdentity);
            sessionPolicy.ifPresent(request::policy);
            Optional<AwsProfiles.RoleProfile> profile =
                    roleProfile.filter(p -> p.roleArn().equals(r.roleArn()));
            if (profile.isPresent()) {
                AwsProfiles.RoleProfile p = profile.get();
                p.externalId().ifPresent(request::externalId);
                p.sessionName().ifPresent(request::roleSessionName);
                // The profile's duration, but never past the plan's (1 h when chained: AWS refuses more).
                p.durationSeconds().ifPresent(d -> request.durationSeconds(Math.min(d, r.durationSeconds())));
            }
            if (r.chainedFromSessionToken()) {
                return chained(r, sts, request.build(), call);
            }
            Credentials c = (r.withMfa()
                            ? coded(
                                    "AssumeRole",
                                    codes.get(),
                                    serial,
                                    code -> sts.assumeRole(request.serialNumber(serial)
                                            .tokenCode(code)
                                            .build()))
                            : calls.call("AssumeRole", () -> sts.assumeRole(request.build())))
                    .credentials();
            return session(c, call);
        } catch (SdkException e) {
            if (using.fromCache()) {
                Optional<GuardException> refused = refusedCache(e, call, cache);
                if (refused.isPresent()) {
                    throw refused.get();
                }
            }
            throw StsFailures.explain(e, call, r.withMfa(), serial);
        }
    }

    /**
     * Derived from the MFA session, a role needs no code: the SDK's provider assumes it again,
     * silently, when the session (capped at 1 h by role chaining) nears its end, so a long
     * maintenance window never prompts twice. Resolved now so that a refusal surfaces here, before
     * any target is read — unless deferred to its account-set member's worker.
     */
    private StepSession chained(Acquisition.AssumeRole r, StsClient sts, AssumeRoleRequest request, String call) {
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request)
                .staleTime(SessionCache.MARGIN)
                .prefetchTime(SessionCache.MARGIN.multipliedBy(2))
                .asyncCredentialUpdateEnabled(false)
                .build();
        if (deferred.contains(r.roleArn())) {
            return new StepSession(new DeferredRole(provider, calls, call), call, Optional.empty());
        }
        AwsCredentials first = calls.call("AssumeRole", provider::resolveCredentials);
        Optional<Instant> expires = first instanceof AwsSessionCredentials sc ? sc.expirationTime() : Optional.empty();
        return new StepSession(provider, call + " (renewed without a code before it expires)", expires);
    }

    /**
     * One STS call that sends a code ({@link Calls#once}: repeated only when it certainly did not
     * reach AWS). A code AWS refuses as invalid is asked again once, after saying why, when the
     * source is a person at a terminal: the refused call did nothing, and the next code is seconds
     * away. Any other failure, and a second refusal, is the caller's to explain.
     */
    private <T> T coded(String what, MfaCodeSource source, String serial, java.util.function.Function<String, T> send) {
        String code = source.code(serial);
        try {
            return calls.once(what, () -> send.apply(code));
        } catch (AwsServiceException e) {
            if (!StsFailures.invalidCode(e)) {
                throw e;
            }
            Optional<String> again = source.codeAgain(serial, StsFailures.invalidCodeAgain(what));
            if (again.isEmpty()) {
                throw e;
            }
            return calls.once(what, () -> send.apply(again.get()));
        }
    }

    /**
     * When AWS refuses a cached MFA session itself (expired early, revoked, or a file whose secret
     * is wrong), it is removed: otherwise every run, a cron job's included, fails on it until its
     * nominal expiry or a logout.
     */
    private static Optional<GuardException> refusedCache(SdkException e, String call, MfaSessions cache) {
        String code = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                ? a.awsErrorDetails().errorCode()
                : "";
        if (!Set.of("ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch")
                .contains(code)) {
            return Optional.empty();
        }
        cache.forget();
        return Optional.of(new GuardException(
                ExitCode.AUTH_FAILED,
                call + " refused your cached MFA session (" + code + "); it was removed: run again to give a new"
                        + " code, or guard login. Nothing was changed."));
    }

    private static StepSession session(Credentials c, String how) {
        AwsSessionCredentials creds = AwsSessionCredentials.builder()
                .accessKeyId(c.accessKeyId())
                .secretAccessKey(c.secretAccessKey())
                .sessionToken(c.sessionToken())
                .expirationTime(c.expiration())
                .build();
        return new StepSession(StaticCredentialsProvider.create(creds), how, Optional.ofNullable(c.expiration()));
    }
}
