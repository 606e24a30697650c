package dev.guard.credentials;

import dev.guard.error.GuardException;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A credentials provider whose configuration mistakes read as one. The SDK reports a profile it
 * cannot use — a {@code credential_process} that fails, an SSO profile without the SSO module, a
 * profile file it cannot parse — with unchecked Java exceptions that would otherwise surface as
 * guard's "internal error". Those become a refusal (exit 2) naming where the credentials were to
 * come from. Only the exception's first line is kept, never its causes (which could quote a
 * process's output).
 */
final class ExplainedCredentials implements AwsCredentialsProvider {
    private final AwsCredentialsProvider delegate;
    private final String source;

    ExplainedCredentials(AwsCredentialsProvider delegate, String source) {
        this.delegate = delegate;
        this.source = source;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return delegate.resolveCredentials();
        } catch (SdkException e) {
            throw e; // the SDK's own reports ("unable to load credentials") are handled where calls are made
        } catch (RuntimeException e) {
            throw GuardException.invalid(explain(source, e));
        }
    }

    static String explain(String source, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
        if (message.toLowerCase(Locale.ROOT).contains("sso")) {
            return source + " uses IAM Identity Center (SSO), which guard does not support yet; use a profile with"
                    + " long-term keys (aws_access_key_id) or a role profile with source_profile";
        }
        return "cannot get credentials from " + source + ": " + message;
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    @Override
    public String toString() {
        return "ExplainedCredentials(" + source + ")";
    }
}
