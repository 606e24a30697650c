package dev.guard.credentials;

import dev.guard.auth.BaseIdentity;
import dev.guard.auth.MfaDevice;
import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What {@code login}, {@code whoami} and {@code doctor} share: clients and a broker for one
 * connection, the caller, and the cache key of the caller's MFA session.
 */
public final class CallerSession implements AutoCloseable {
    private final Connection connection;
    private final AwsClients clients;
    private final CredentialBroker broker;
    private final Calls calls;

    /**
     * @param region where STS is called
     * @param warn where the retry layer reports retries
     */
    public CallerSession(Connection connection, Environment env, String region, Consumer<String> warn) {
        this.connection = connection;
        this.clients = new AwsClients(
                connection.endpoint(), AwsClients.attemptTimeout(env.get(AwsClients.ATTEMPT_TIMEOUT_VARIABLE)));
        this.calls = Calls.standard(warn);
        this.broker = new CredentialBroker(clients, calls, connection.base(), region, connection.roleProfile());
    }

    public Connection connection() {
        return connection;
    }

    public CredentialBroker broker() {
        return broker;
    }

    /** The cache key for this caller and device. */
    public SessionCache.Key key(CredentialBroker.Caller caller, MfaDevice device) {
        return new SessionCache.Key(
                connection.endpointName(),
                connection.base().resolveCredentials().accessKeyId(),
                caller.arn(),
                device.serial().orElseThrow());
    }

    /**
     * The caller's MFA device as a run would pick it: the connection's (a sandbox user's, a
     * profile's {@code mfa_serial}), the config's, or the caller's only one, looked up.
     */
    public MfaDevice device(GuardConfig config) {
        return broker.device(connection
                .device()
                .or(() -> config.identity().mfaSerial().map(s -> MfaDevice.of(s, MfaDevice.Source.CONFIG)))
                .orElse(MfaDevice.discoveredAtRunTime()));
    }

    /**
     * A role's trust policy, read as that role (GetRole reads only roles of the caller's own
     * account): assumed from the MFA session without a new code, through the retry layer.
     *
     * @throws SdkException when the role cannot be assumed or read
     */
    public String trustPolicy(String roleArn, SessionCache.Entry mfaSession) {
        var fromMfa = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                mfaSession.accessKeyId(), mfaSession.secretAccessKey(), mfaSession.sessionToken()));
        var sts = clients.sts(fromMfa, broker.region());
        var creds = calls.call(
                        "AssumeRole",
                        () -> sts.assumeRole(b -> b.roleArn(roleArn)
                                .roleSessionName("guard-doctor")
                                .durationSeconds(900)))
                .credentials();
        var iam = clients.iam(StaticCredentialsProvider.create(
                AwsSessionCredentials.create(creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken())));
        String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return URLDecoder.decode(
                calls.call("GetRole", () -> iam.getRole(b -> b.roleName(name)))
                        .role()
                        .assumeRolePolicyDocument(),
                StandardCharsets.UTF_8);
    }

    /** Only an IAM user has an MFA device to present (DESIGN.md §1.7). */
    public static void requireIamUser(CredentialBroker.Caller caller) {
        BaseIdentity.Kind kind = caller.identity().kind();
        if (kind == BaseIdentity.Kind.IAM_USER) {
            return;
        }
        String why = switch (kind) {
            case ROOT -> "root user credentials cannot use MFA-protected API access (AWS does not support it)";
            case ASSUMED_ROLE -> "a role session has no MFA device and cannot call GetSessionToken";
            case FEDERATED_USER -> "a federated user cannot have an MFA device";
            default -> "guard cannot tell what kind of principal this is";
        };
        throw new GuardException(
                ExitCode.AUTH_FAILED,
                "your base credentials are " + caller.arn() + ": " + why + "; use an IAM user with an MFA device");
    }

    @Override
    public void close() {
        clients.close();
    }
}
