package dev.guard.runbook;

import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The shapes of an account set's parts, shared by the runbook's {@code accounts:} and the
 * config's {@code groups:}: names, globs, group names, Organizations parents, error budgets.
 *
 * <p>Plain control flow rather than lambdas and method references: a validate runs these, and on
 * JDK 17 each lambda call site costs about 60 µs to link the first time it runs.
 */
public final class AccountSelectors {
    /**
     * The most members at once: every chained AssumeRole counts against the caller's own account's STS
     * request rate, and past a hundred accounts in flight no operator can follow what a mistake reaches.
     */
    public static final int MAX_CONCURRENCY = 100;

    private static final Pattern GLOB = Pattern.compile("[a-z0-9*?-]{1,63}");
    private static final Pattern GROUP = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    // AWS Organizations' own patterns for an OU id and a root id.
    private static final Pattern OU = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final Pattern ROOT = Pattern.compile("r-[0-9a-z]{4,32}");
    private static final Pattern BUDGET = Pattern.compile("(0|[1-9][0-9]{0,8})(%?)");

    private AccountSelectors() {}

    /** Whether an account name is a glob over the config's aliases. */
    public static boolean isGlob(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
    }

    /** An alias, a 12-digit id, or a glob ({@code *} and {@code ?}) over aliases. */
    public static Optional<String> nameProblem(String name) {
        if (isGlob(name)) {
            return GLOB.matcher(name).matches()
                    ? Optional.empty()
                    : Optional.of("'" + name + "' is not a glob over account aliases (lowercase letters, digits, -,"
                            + " * and ?)");
        }
        return AwsIdentifiers.accountIdOrAlias(name);
    }

    /** Whether {@code alias} matches {@code glob}: {@code *} any run of characters, {@code ?} one. */
    public static boolean matches(String glob, String alias) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return alias.matches(regex.toString());
    }

    public static Optional<String> groupNameProblem(String name) {
        return GROUP.matcher(name).matches()
                ? Optional.empty()
                : Optional.of("'" + name + "' is not a group name (lowercase letters, digits, _ and -, starting with"
                        + " a letter)");
    }

    /** An organizational unit ({@code ou-…}) or the organization's root ({@code r-…}). */
    public static Optional<String> parentProblem(String id) {
        return OU.matcher(id).matches() || ROOT.matcher(id).matches()
                ? Optional.empty()
                : Optional.of("'" + id + "' is not an organizational unit id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)");
    }

    /** A count 0 or more, or a percentage 0%..100%. */
    public static Optional<String> errorBudgetProblem(String text) {
        var m = BUDGET.matcher(text);
        if (!m.matches() || (!m.group(2).isEmpty() && Integer.parseInt(m.group(1)) > 100)) {
            return Optional.of("'" + text + "' is not a count or a percentage 0%..100%");
        }
        return Optional.empty();
    }

    /** How a selector is shown in the plan's "from" line: {@code dev-*}, {@code group workloads}, .... */
    public static String label(AccountSelector selector) {
        if (selector instanceof AccountSelector.Named n) {
            return n.name().text();
        }
        if (selector instanceof AccountSelector.Group g) {
            return "group " + g.name().text();
        }
        AccountSelector.Organization o = (AccountSelector.Organization) selector;
        Optional<String> parent = o.organizationalUnit().isPresent()
                ? Optional.of(o.organizationalUnit().get().text())
                : Optional.empty();
        return organization(parent, o.tags());
    }

    /** {@code organizationalUnit ou-… with tags env=dev}, {@code organization with tags team=payments}. */
    public static String organization(Optional<String> parent, Map<String, String> tags) {
        String where = "organization";
        if (parent.isPresent()) {
            String p = parent.get();
            where = (p.startsWith("r-") ? "root " : "organizationalUnit ") + p;
        }
        if (tags.isEmpty()) {
            return where;
        }
        StringJoiner pairs = new StringJoiner(",");
        for (Map.Entry<String, String> e : new TreeMap<>(tags).entrySet()) {
            pairs.add(e.getKey() + "=" + e.getValue());
        }
        return where + " with tags " + pairs;
    }
}
