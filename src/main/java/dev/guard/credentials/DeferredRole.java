package dev.guard.credentials;

import dev.guard.aws.Calls;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A role chained from the MFA session, assumed at its first use rather than up front: an account
 * set's 200 roles are then assumed by the workers, a few at once, and a role one account refuses
 * fails that account's member with {@link StsFailures}' explanation instead of the whole run. The
 * SDK provider inside renews the session before its hour ends, without a code.
 */
final class DeferredRole implements AwsCredentialsProvider {
    private final AwsCredentialsProvider provider;
    private final Calls calls;
    private final String call;
    private volatile boolean assumed;

    DeferredRole(AwsCredentialsProvider provider, Calls calls, String call) {
        this.provider = provider;
        this.calls = calls;
        this.call = call;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        if (assumed) {
            return provider.resolveCredentials();
        }
        try {
            // The first AssumeRole goes through the retry layer (and the STS rate limit).
            AwsCredentials first = calls.call("AssumeRole", provider::resolveCredentials);
            assumed = true;
            return first;
        } catch (SdkException e) {
            throw StsFailures.explain(e, call, false, "");
        }
    }
}
