package dev.guard.sandbox.iam;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement's Principal (or, negated, NotPrincipal): {@code "*"} ({@code everyone}) or principals
 * by type ({@code "AWS"}, {@code "Service"}, {@code "Federated"}, {@code "CanonicalUser"}). Bare
 * account ids are kept as AWS stores them: {@code arn:aws:iam::ACCOUNT:root}.
 */
public record PrincipalElement(boolean negated, boolean everyone, Map<String, List<String>> byType) {
    /**
     * How a principal was matched: naming an account delegates to that account's identity policies;
     * naming a role session's own ARN (not its role's) grants past the session's session policies.
     */
    enum Match {
        NONE,
        ACCOUNT,
        NAMED,
        SESSION;

        /** Whether the principal itself (its ARN, its role's ARN, or "*") was named, not just its account. */
        boolean namesPrincipal() {
            return this == NAMED || this == SESSION;
        }
    }

    public PrincipalElement {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byType.forEach((type, values) -> copy.put(type, List.copyOf(values)));
        byType = Collections.unmodifiableMap(copy);
    }

    Match match(Principal principal) {
        Match positive = positiveMatch(principal);
        if (!negated) {
            return positive;
        }
        return positive == Match.NONE ? Match.NAMED : Match.NONE;
    }

    private Match positiveMatch(Principal principal) {
        if (everyone) {
            return Match.NAMED;
        }
        Match best = Match.NONE;
        for (String value : byType.getOrDefault("AWS", List.of())) {
            Match match = matchAws(value, principal);
            if (match.compareTo(best) > 0) {
                best = match;
            }
        }
        return best;
    }

    private static Match matchAws(String value, Principal principal) {
        if (value.equals("*")) {
            return Match.NAMED;
        }
        if (principal.kind() == Principal.Kind.ANONYMOUS) {
            return Match.NONE;
        }
        if (value.equals(principal.arn())) {
            boolean session = principal.kind() == Principal.Kind.ASSUMED_ROLE
                    || principal.kind() == Principal.Kind.FEDERATED_USER;
            return session ? Match.SESSION : Match.NAMED;
        }
        if (value.equals(rootArn(principal.partition(), principal.accountId()))) {
            return principal.kind() == Principal.Kind.ROOT ? Match.NAMED : Match.ACCOUNT;
        }
        if (principal.roleName().isPresent() && isRoleArn(value, principal)) {
            return Match.NAMED;
        }
        return Match.NONE;
    }

    // A session of arn:aws:iam::ACCT:role/some/path/NAME is arn:aws:sts::ACCT:assumed-role/NAME/SESSION.
    private static boolean isRoleArn(String value, Principal session) {
        String prefix = "arn:" + session.partition() + ":iam::" + session.accountId() + ":role/";
        if (!value.startsWith(prefix)) {
            return false;
        }
        String path = value.substring(prefix.length());
        return path.substring(path.lastIndexOf('/') + 1)
                .equals(session.roleName().orElseThrow());
    }

    static String rootArn(String partition, String accountId) {
        return "arn:" + partition + ":iam::" + accountId + ":root";
    }

    String elementName() {
        return negated ? "NotPrincipal" : "Principal";
    }
}
