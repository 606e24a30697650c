package dev.guard.sandbox.iam;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy variables ({@code ${aws:username}}, {@code ${aws:PrincipalAccount, 'none'}}) in Resource
 * and in string and ARN condition values. Only policies of Version 2012-10-17 have them; in older
 * ones the text is literal.
 */
final class PolicyVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^},']+?)\\s*(?:,\\s*'([^']*)'\\s*)?}");

    private PolicyVariables() {}

    /**
     * The text with every variable replaced; empty when a variable's key is absent and has no
     * default. Callers drop such a pattern, per the IAM User Guide ("Policy variables with no
     * value"): "If a variable that has no value in the authorization context is used as part of the
     * Resource or NotResource element of a policy, the resource that includes a policy variable with
     * no value will not match any resource" — so a NotResource keeps covering everything (a role
     * session, which has no aws:username, is caught by a Deny on NotResource .../${aws:username}/*),
     * and StringEquals fails while StringNotEquals holds against it.
     */
    static Optional<String> resolve(String text, RequestContext ctx) {
        if (!text.contains("${")) {
            return Optional.of(text);
        }
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1).trim();
            Optional<String> value = specialCharacter(key).or(() -> single(ctx.values(key)));
            if (value.isEmpty() && matcher.group(2) == null) {
                return Optional.empty();
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value.orElse(matcher.group(2))));
        }
        matcher.appendTail(resolved);
        return Optional.of(resolved.toString());
    }

    private static Optional<String> single(List<String> values) {
        return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
    }

    // ${*}, ${?} and ${$} stand for the characters themselves. (A literal * or ? still acts as a
    // wildcard in matching here, which only makes such a pattern broader than AWS's.)
    private static Optional<String> specialCharacter(String key) {
        return key.equals("*") || key.equals("?") || key.equals("$") ? Optional.of(key) : Optional.empty();
    }
}
