package dev.guard.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * guard's configuration ({@code config/guard.yaml}): who the operator is, which accounts exist
 * and what they are called, session lengths, MFA-protected buckets, where runbooks and the audit
 * log live.
 *
 * @param source the file it was read from; empty when no config file exists
 * @param defaultRunnerRole {@code defaults.runnerRole}: the role (name or ARN) the unattended
 *     runner's own identity assumes, without MFA, in an account that names none of its own
 * @param approvals the approvals store ({@code approvals:}); empty when none is configured
 * @param locks the shared lock table ({@code locks:}), for runners on several machines
 * @param groups {@code groups:}: named account sets a runbook's {@code accounts:} can name, each
 *     resolved when the config is read (globs expanded over the aliases, in alias order)
 * @param limits {@code limits:}: how fast a run may call each service
 */
public record GuardConfig(
        Optional<Path> source,
        Identity identity,
        Optional<String> defaultRegion,
        Optional<String> defaultRole,
        Sessions sessions,
        Map<String, Account> accounts,
        Map<String, BucketAccess> buckets,
        Path auditLog,
        Path runbookDirectory,
        Optional<String> defaultRunnerRole,
        Optional<ApprovalsStore> approvals,
        Optional<Locks> locks,
        Map<String, List<Account>> groups,
        Limits limits) {

    /**
     * {@code limits:}: the calls per second a run sends to each service, over all the accounts of a
     * set at once (unset services keep guard's defaults, see the README's "Across an account set").
     */
    public record Limits(Map<String, Integer> rates) {
        /** The services a rate may name. */
        public static final List<String> SERVICES = List.of("sts", "iam", "ec2", "dynamodb", "s3", "organizations");

        public static final Limits DEFAULTS = new Limits(Map.of());

        public Limits {
            rates = Map.copyOf(rates);
        }
    }

    /** The operator: MFA device, base-credential profile, and home account. */
    public record Identity(Optional<String> accountId, Optional<String> mfaSerial, Optional<String> sourceProfile) {
        public static final Identity UNKNOWN = new Identity(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** STS session lengths in seconds. */
    /**
     * @param sourceIdentity whether AssumeRole also sets SourceIdentity to your user name, which
     *     CloudTrail keeps through every chained role session; the role's trust policy (and your
     *     identity policy) must then allow {@code sts:SetSourceIdentity}
     */
    public record Sessions(int sessionTokenSeconds, int roleSeconds, boolean sourceIdentity) {
        public static final Sessions DEFAULTS = new Sessions(43_200, 3_600, true);
    }

    /**
     * The DynamoDB table runs on several machines share their locks in: partition key {@code LockID}
     * (S), TTL attribute {@code ttl}, in the account of the base credentials.
     *
     * @param accountId the account the table is in: a run acting as another account is refused
     */
    public record Locks(String table, String accountId, String region) {}

    public GuardConfig {
        accounts = Map.copyOf(accounts);
        buckets = Map.copyOf(buckets);
        java.util.Objects.requireNonNull(defaultRunnerRole, "defaultRunnerRole");
        java.util.Objects.requireNonNull(approvals, "approvals");
        java.util.Objects.requireNonNull(locks, "locks");
        groups = Map.copyOf(groups);
        java.util.Objects.requireNonNull(limits, "limits");
    }

    /** A configuration with guard's default limits. */
    public GuardConfig(
            Optional<Path> source,
            Identity identity,
            Optional<String> defaultRegion,
            Optional<String> defaultRole,
            Sessions sessions,
            Map<String, Account> accounts,
            Map<String, BucketAccess> buckets,
            Path auditLog,
            Path runbookDirectory,
            Optional<String> defaultRunnerRole,
            Optional<ApprovalsStore> approvals,
            Optional<Locks> locks,
            Map<String, List<Account>> groups) {
        this(
                source,
                identity,
                defaultRegion,
                defaultRole,
                sessions,
                accounts,
                buckets,
                auditLog,
                runbookDirectory,
                defaultRunnerRole,
                approvals,
                locks,
                groups,
                Limits.DEFAULTS);
    }

    /** A configuration without account groups. */
    public GuardConfig(
            Optional<Path> source,
            Identity identity,
            Optional<String> defaultRegion,
            Optional<String> defaultRole,
            Sessions sessions,
            Map<String, Account> accounts,
            Map<String, BucketAccess> buckets,
            Path auditLog,
            Path runbookDirectory,
            Optional<String> defaultRunnerRole,
            Optional<ApprovalsStore> approvals,
            Optional<Locks> locks) {
        this(
                source,
                identity,
                defaultRegion,
                defaultRole,
                sessions,
                accounts,
                buckets,
                auditLog,
                runbookDirectory,
                defaultRunnerRole,
                approvals,
                locks,
                Map.of());
    }

    /** The accounts of {@code groups.NAME}. */
    public Optional<List<Account>> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** A configuration without the unattended parts (runner role, approvals store, shared locks). */
    public GuardConfig(
            Optional<Path> source,
            Identity identity,
            Optional<String> defaultRegion,
            Optional<String> defaultRole,
            Sessions sessions,
            Map<String, Account> accounts,
            Map<String, BucketAccess> buckets,
            Path auditLog,
            Path runbookDirectory) {
        this(
                source,
                identity,
                defaultRegion,
                defaultRole,
                sessions,
                accounts,
                buckets,
                auditLog,
                runbookDirectory,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * The role the runner's own identity assumes in {@code account}, as configured (a name or an
     * ARN): the account's {@code runnerRole}, else {@code defaults.runnerRole}.
     */
    public Optional<String> runnerRole(Account account) {
        return account.runnerRole().isPresent() ? account.runnerRole() : defaultRunnerRole;
    }

    /**
     * A digest of what decides a plan — accounts (ids, roles, runner roles, protection), the
     * defaults, buckets and the approvals store — and not of what differs between an operator's
     * machine and a runner's: who the operator is ({@code identity}), session lengths, where the
     * audit log and runbooks live, and the shared lock table (runners use it, a terminal may not;
     * it decides who may run when, not what a plan does). A saved plan keeps it; {@code apply} refuses when it
     * differs, so a plan made under one set of accounts never runs under another.
     */
    public String planDigest() {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(accounts)
                .forEach((k, v) ->
                        text.append("account ").append(k).append('=').append(v).append('\n'));
        new java.util.TreeMap<>(buckets)
                .forEach((k, v) ->
                        text.append("bucket ").append(k).append('=').append(v).append('\n'));
        text.append("defaults ")
                .append(defaultRegion)
                .append(' ')
                .append(defaultRole)
                .append(' ')
                .append(defaultRunnerRole);
        text.append("\napprovals ").append(approvals).append('\n');
        // Only when there are groups, so the digests of plans saved before groups existed still hold.
        new java.util.TreeMap<>(groups)
                .forEach((k, v) -> text.append("group ")
                        .append(k)
                        .append('=')
                        .append(v.stream().map(Account::id).toList())
                        .append('\n'));
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The configuration used when no file exists: no aliases, defaults everywhere. */
    public static GuardConfig empty(Environment env) {
        return new GuardConfig(
                Optional.empty(),
                Identity.UNKNOWN,
                Optional.empty(),
                Optional.empty(),
                Sessions.DEFAULTS,
                Map.of(),
                Map.of(),
                defaultAuditLog(env),
                env.workingDirectory().resolve("runbooks"));
    }

    static Path defaultAuditLog(Environment env) {
        return env.stateHome().resolve("guard/audit.jsonl");
    }

    /** An account by alias or by id; an id config does not know is still an account. */
    public Optional<Account> account(String aliasOrId) {
        Account byAlias = accounts.get(aliasOrId);
        if (byAlias != null) {
            return Optional.of(byAlias);
        }
        for (Account a : accounts.values()) {
            if (a.id().equals(aliasOrId)) {
                return Optional.of(a);
            }
        }
        return aliasOrId.matches("\\d{12}")
                ? Optional.of(new Account(aliasOrId, aliasOrId, Optional.empty(), false))
                : Optional.empty();
    }

    public Optional<BucketAccess> bucket(String name) {
        return Optional.ofNullable(buckets.get(name));
    }
}
