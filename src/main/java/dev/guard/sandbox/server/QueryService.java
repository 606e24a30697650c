package dev.guard.sandbox.server;

import dev.guard.sandbox.sigv4.Reason;

/** A service on the query protocol (STS, IAM): its errors, authentication failures included, share one shape. */
public abstract class QueryService implements Service {
    private final String xmlns;

    protected QueryService(String xmlns) {
        this.xmlns = xmlns;
    }

    @Override
    public AwsError authenticationError(Reason reason, String message) {
        return QueryProtocol.authenticationError(reason, message);
    }

    @Override
    public Reply render(AwsError error, String requestId, String action) {
        return QueryProtocol.error(error, xmlns, requestId, action);
    }
}
