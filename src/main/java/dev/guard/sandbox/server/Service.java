package dev.guard.sandbox.server;

import dev.guard.sandbox.sigv4.Reason;
import java.util.List;

/**
 * One AWS service the sandbox serves, speaking that service's wire protocol: it answers
 * authenticated calls, and renders errors (including authentication failures, which each
 * service names differently) in its own shape.
 */
public interface Service {
    /** The signing name in the credential scope: sts, iam, ec2, dynamodb, s3, organizations. */
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

    /**
     * Every operation this service models, by its API name (S3's {@code GetObject}, DynamoDB's
     * {@code PutItem}): anything else is refused with the service's "not implemented" error and
     * changes nothing. The README's coverage table lists them, and a test keeps the two in step.
     */
    List<String> modelledOperations();

    /**
     * The resource a call names as an ARN, for the journal of an answer no policy evaluation
     * named (an error before authorization, an unmodelled operation); "*" when it names none.
     */
    default String resource(Call call) {
        return "*";
    }

    /** This service's answer to too many requests. */
    default AwsError throttlingError() {
        return new AwsError(400, "Throttling", "Rate exceeded");
    }
}
