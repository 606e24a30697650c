package dev.guard.sandbox.iam;

import java.util.Objects;
import java.util.Optional;

/**
 * Who makes a request: the ARN AWS reports for the caller (GetCallerIdentity's Arn), its account
 * and what kind of identity it is.
 */
public record Principal(String arn, String accountId, Kind kind) {
    public enum Kind {
        ROOT,
        USER,
        ASSUMED_ROLE,
        FEDERATED_USER,
        ANONYMOUS
    }

    private static final String ANONYMOUS_ARN = "anonymous";

    public Principal {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * The principal an ARN names: {@code arn:aws:iam::ACCT:root}, {@code arn:aws:iam::ACCT:user/NAME},
     * {@code arn:aws:sts::ACCT:assumed-role/ROLE/SESSION} or {@code arn:aws:sts::ACCT:federated-user/NAME}.
     */
    public static Principal fromArn(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[4].matches("\\d{12}")) {
            throw new IllegalArgumentException("not a principal ARN: " + arn);
        }
        String account = parts[4];
        String resource = parts[5];
        if (parts[2].equals("iam") && resource.equals("root")) {
            return new Principal(arn, account, Kind.ROOT);
        }
        if (parts[2].equals("iam") && resource.startsWith("user/")) {
            return new Principal(arn, account, Kind.USER);
        }
        if (parts[2].equals("sts") && resource.matches("assumed-role/[^/]+/[^/]+")) {
            return new Principal(arn, account, Kind.ASSUMED_ROLE);
        }
        if (parts[2].equals("sts") && resource.startsWith("federated-user/")) {
            return new Principal(arn, account, Kind.FEDERATED_USER);
        }
        throw new IllegalArgumentException("not a principal ARN: " + arn);
    }

    /** An unsigned request: only a {@code "*"} principal matches it. */
    public static Principal anonymous() {
        return new Principal(ANONYMOUS_ARN, "", Kind.ANONYMOUS);
    }

    /** For an assumed-role session, the role's ARN without its path (which the session ARN does not carry). */
    public Optional<String> roleName() {
        if (kind != Kind.ASSUMED_ROLE) {
            return Optional.empty();
        }
        String[] path = arn.split(":", 6)[5].split("/");
        return Optional.of(path[1]);
    }

    String partition() {
        String[] parts = arn.split(":", 3);
        return parts.length == 3 ? parts[1] : "aws";
    }
}
