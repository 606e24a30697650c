package dev.guard.cli;

import dev.guard.auth.BaseIdentity;
import dev.guard.auth.MfaDevice;
import dev.guard.aws.AwsClients;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.SessionCache;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.net.URI;

/**
 * What {@code login}, {@code whoami} and {@code doctor} share: the connection their options name
 * (for login never a throw-away sandbox: its sessions would die with it), the caller, and the cache
 * key.
 */
final class CallerSession implements AutoCloseable {
    final Connections.Opened opened;
    final AwsClients clients;
    final CredentialBroker broker;

    CallerSession(ConnectionOptions options, Session session, String command) {
        if (options.sandbox && command.equals("login")) {
            // whoami and doctor read a sandbox started for them; a login's session would die with it.
            throw GuardException.invalid("guard login --sandbox would cache a session of a sandbox that ends with"
                    + " the command; start one with guard sandbox and pass --endpoint-url http://127.0.0.1:PORT");
        }
        this.opened = Connections.open(options, session, line -> {});
        this.clients = new AwsClients(
                opened.connection().endpoint(),
                AwsClients.attemptTimeout(session.context.env().get(AwsClients.ATTEMPT_TIMEOUT_VARIABLE)));
        this.broker = new CredentialBroker(
                clients,
                dev.guard.aws.Calls.standard(line -> session.err().println("guard: " + line)),
                opened.connection().base(),
                session.config()
                        .defaultRegion()
                        .or(() -> session.context.env().get("AWS_REGION"))
                        .orElse("us-east-1"),
                opened.connection().roleProfile());
    }

    /** The cache key for this caller and device. */
    SessionCache.Key key(CredentialBroker.Caller caller, MfaDevice device) {
        return new SessionCache.Key(
                opened.connection().endpoint().map(URI::toString).orElse("aws"),
                opened.connection().base().resolveCredentials().accessKeyId(),
                caller.arn(),
                device.serial().orElseThrow());
    }

    /** Only an IAM user has an MFA device to present (DESIGN.md §1.7). */
    static void requireIamUser(CredentialBroker.Caller caller) {
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
        opened.close();
    }
}
