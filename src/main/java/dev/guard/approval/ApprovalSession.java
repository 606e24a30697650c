package dev.guard.approval;

import dev.guard.auth.Acquisition;
import dev.guard.auth.CredentialPlan;
import dev.guard.auth.MfaDevice;
import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.config.ApprovalsStore;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.Connection;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.MfaCodeSource;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.runbook.Arn;
import dev.guard.saved.SavedPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code guard approve}, {@code guard approvals} and {@code --revoke} as one caller does them: who
 * the caller is (an IAM user: {@code aws:username} exists only for them), whether they may approve,
 * the approvals of a plan, and writing or deleting their own with a fresh MFA session — never a
 * cached one, since the bucket wants the code under 5 minutes old.
 */
public final class ApprovalSession implements AutoCloseable {
    /** The approving IAM user. */
    public record Approver(String arn, Arn user) {
        public String name() {
            return user.resourceName();
        }
    }

    /** GetSessionToken's shortest session: it serves one write. */
    static final int SESSION_SECONDS = 900;

    /** The bucket policy's window for {@code aws:MultiFactorAuthAge}. */
    static final Duration MFA_WINDOW = Duration.ofMinutes(5);

    private final Connection connection;
    private final GuardConfig config;
    private final AwsClients clients;
    private final CredentialBroker broker;
    private final ApprovalBucket bucket;

    public ApprovalSession(
            Connection connection, Environment env, GuardConfig config, ApprovalsStore store, Consumer<String> warn) {
        this.connection = connection;
        this.config = config;
        this.clients = new AwsClients(
                connection.endpoint(), AwsClients.attemptTimeout(env.get(AwsClients.ATTEMPT_TIMEOUT_VARIABLE)));
        Calls calls = Calls.standard(warn);
        this.broker = new CredentialBroker(clients, calls, connection.base(), store.region(), connection.roleProfile());
        this.bucket = new ApprovalBucket(clients, calls, store);
    }

    public ApprovalsStore store() {
        return bucket.store();
    }

    /**
     * The caller, who must be an IAM user of the store's account.
     *
     * @throws GuardException exit 9 for a role, root or federated caller, or a user of another account
     */
    public Approver identify() {
        CredentialBroker.Caller caller = broker.identify();
        Optional<Arn> user = Arn.user(caller.arn());
        if (user.isEmpty()) {
            throw new GuardException(
                    ExitCode.NOT_APPROVED,
                    "your credentials are " + caller.arn() + ", not an IAM user: approvals are written under"
                            + " PREFIX/${aws:username}/, a variable only IAM users have, with their own MFA device;"
                            + " use your IAM user's keys. Nothing was written");
        }
        if (!user.get().account().equals(store().accountId())) {
            throw new GuardException(
                    ExitCode.NOT_APPROVED,
                    "you are " + caller.arn() + ", a user of account "
                            + user.get().account() + "; approvals are"
                            + " made by IAM users of the approvals store's account " + store().accountId()
                            + ". Nothing was written");
        }
        return new Approver(caller.arn(), user.get());
    }

    /**
     * Refuses, before anything is asked, an approver the runbook does not allow.
     *
     * @throws GuardException exit 9: the planner without selfApproval, or a user not among approvers
     */
    public static void mayApprove(SavedPlan plan, ApprovalPolicy policy, Approver me) {
        if (!policy.selfApproval() && ApprovalRules.isPlanner(plan, me.user())) {
            throw new GuardException(
                    ExitCode.NOT_APPROVED,
                    "you made this plan (" + plan.planner() + "), and its runbook does not allow self-approval: "
                            + "another approver must approve it (" + policy.describe() + "). Nothing was written");
        }
        if (!policy.allows(me.user())) {
            throw new GuardException(
                    ExitCode.NOT_APPROVED,
                    me.name() + " is not one of this runbook's approvers (" + String.join(", ", policy.approvers())
                            + "). Nothing was written");
        }
    }

    /** The plan's approvals as the caller's base credentials read them, judged. */
    public Tally list(SavedPlan plan, ApprovalPolicy policy, Instant now) {
        return ApprovalRules.tally(plan, policy, store(), bucket.find(connection.base(), plan.digest()), now);
    }

    /** Whether the caller's approval of this plan is in the store. */
    public boolean hasApproved(SavedPlan plan, Approver me) {
        return bucket.exists(connection.base(), ApprovalRules.key(store(), me.name(), plan.digest()));
    }

    /**
     * A fresh MFA session (GetSessionToken with a new code, 15 minutes, never cached), then {@code
     * change} with it at once: the bucket counts the code's age.
     *
     * @return when the code was sent
     */
    public Instant withFreshMfa(Supplier<MfaCodeSource> codes, String key, boolean delete, byte[] body) {
        MfaDevice device = broker.device(connection
                .device()
                .or(() -> config.identity().mfaSerial().map(s -> MfaDevice.of(s, MfaDevice.Source.CONFIG)))
                .orElse(MfaDevice.discoveredAtRunTime()));
        CredentialPlan plan = new CredentialPlan(
                List.of(),
                List.of(new Acquisition.GetSessionToken(device.serial(), SESSION_SECONDS, true)),
                1,
                List.of());
        Instant asked = Instant.now();
        AwsCredentialsProvider session = broker.acquire(
                        plan, device, codes, "guard-approve", CredentialBroker.MfaSessions.NONE)
                .inOrder()
                .get(0)
                .provider();
        try {
            if (delete) {
                bucket.delete(session, key);
            } else {
                bucket.put(session, key, body);
            }
            return asked;
        } catch (AwsServiceException e) {
            throw refused(e, key, delete, Duration.between(asked, Instant.now()));
        } catch (SdkException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not " + (delete ? "delete " : "write ") + "s3://" + store().bucket() + "/" + key + ": "
                            + Calls.ioReason(e) + "; check with guard approvals PLAN_FILE whether it happened");
        }
    }

    /** AccessDenied explained by the bucket policy's three rules, naming the one that can apply. */
    private GuardException refused(AwsServiceException e, String key, boolean delete, Duration age) {
        String what = (delete ? "delete " : "write ") + "s3://" + store().bucket() + "/" + key;
        if (e.statusCode() != 403) {
            return new GuardException(
                    ExitCode.ACTION_FAILED, "could not " + what + " (" + ApprovalBucket.code(e) + ")");
        }
        String why = age.compareTo(MFA_WINDOW) >= 0
                ? "your MFA code was given " + age.toSeconds() + " s before the request, and the bucket allows"
                        + " writes only within 5 minutes of the code: run it again"
                : "its policy allows writes only with MFA under 5 minutes old and only under"
                        + " PREFIX/${aws:username}/, and guard wrote as "
                        + key.substring(store().prefix().length() + 1, key.lastIndexOf('/'))
                        + " with a code " + age.toSeconds() + " s old under "
                        + key.substring(0, key.lastIndexOf('/') + 1)
                        + ": check that approvals.prefix in the config is the prefix the bucket policy names, and"
                        + " that the policy and your IAM policy match the template (docs/approvals.md)";
        return new GuardException(
                ExitCode.AUTH_FAILED,
                "the approvals bucket refused to " + what + " (" + ApprovalBucket.code(e) + "): " + why);
    }

    @Override
    public void close() {
        clients.close();
    }
}
