package dev.guard.sandbox.server;

import dev.guard.sandbox.sigv4.Reason;

/**
 * One AWS service the sandbox serves, speaking that service's wire protocol: it answers
 * authenticated calls, and renders errors (including authentication failures, which each
 * service names differently) in its own shape.
 */
public interface Service {
    /** The signing name in the credential scope: sts, iam, ec2, dynamodb, s3. */
    String signingName();

    Reply handle(Call call);

    /** The error for a request that failed authentication, with this service's code. */
    AwsError authenticationError(Reason reason, String message);

    /** {@code error} in this service's wire shape. */
    Reply render(AwsError error, String requestId, String action);

    /** The operation a call asks for, as fault rules name it (the query protocol's Action by default). */
    default String operation(Call call) {
        return call.formParameters().getOrDefault("Action", "");
    }

    /** This service's answer to too many requests. */
    default AwsError throttlingError() {
        return new AwsError(400, "Throttling", "Rate exceeded");
    }
}
