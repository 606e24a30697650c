package dev.guard.plan;

import dev.guard.config.Account;
import dev.guard.config.GuardConfig;
import dev.guard.runbook.AccountSelector;
import dev.guard.runbook.AccountSelectors;
import dev.guard.yaml.Fields;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.Templates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which accounts a target's {@code accounts:} stands for: aliases, ids and globs against the
 * config, groups from the config's {@code groups:}, and AWS Organizations through {@link
 * Organization}. In selector order; within an Organizations selector by account id (stable however
 * accounts are renamed); an account two selectors bring in is kept once, from the first.
 *
 * <p>Loops and named comparators rather than streams and lambdas: a validate of a set runs this,
 * and on JDK 17 each lambda call site costs ~60 µs to link the first time.
 */
final class AccountSets {
    /** One account of the set and the selector that brought it in. */
    record Found(Account account, String source, Optional<String> name) {}

    /** What one selector matched, and what it left out ("2 suspended"), if anything. */
    private record Matched(List<Found> found, String leftOut) {
        Matched(List<Found> found) {
            this(found, "");
        }
    }

    /**
     * @param sources each selector with how many accounts it matched, and what it left out
     */
    record Resolved(List<Found> accounts, List<String> sources) {}

    private final GuardConfig config;
    private final Organization organization;
    private final Map<String, String> values;
    private final Problems problems;

    AccountSets(GuardConfig config, Organization organization, Map<String, String> values, Problems problems) {
        this.config = config;
        this.organization = organization;
        this.values = values;
        this.problems = problems;
    }

    /**
     * The set, or empty when a selector is wrong (each problem is recorded). Plain names and ids
     * are one source, "listed", when there are several: a list of 5,000 ids is one line of the
     * plan, not 5,000. Each source counts the accounts it added, and says how many it matched that
     * an earlier one had already brought in.
     */
    Optional<Resolved> resolve(List<AccountSelector> selectors) {
        Map<String, Found> byId = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        long plain = 0;
        for (AccountSelector selector : selectors) {
            if (plain(selector)) {
                plain++;
            }
        }
        int listedAt = -1;
        int[] listed = {0, 0};
        boolean ok = true;
        for (AccountSelector selector : selectors) {
            Optional<Matched> matched = found(selector);
            if (matched.isEmpty()) {
                ok = false;
                continue;
            }
            boolean oneOfListed = plain > 1 && plain(selector);
            int added = 0;
            for (Found f : matched.get().found()) {
                Found kept = oneOfListed ? new Found(f.account(), LISTED, f.name()) : f;
                added += byId.putIfAbsent(f.account().id(), kept) == null ? 1 : 0;
            }
            int already = matched.get().found().size() - added;
            if (oneOfListed) {
                if (listedAt < 0) {
                    listedAt = sources.size();
                    sources.add(LISTED);
                }
                listed[0] += added;
                listed[1] += already;
                continue;
            }
            String label = matched.get().found().isEmpty()
                    ? AccountSelectors.label(selector)
                    : matched.get().found().get(0).source();
            sources.add(label + count(added, already, matched.get().leftOut()));
        }
        if (listedAt >= 0) {
            sources.set(listedAt, LISTED + count(listed[0], listed[1], ""));
        }
        return ok ? Optional.of(new Resolved(List.copyOf(byId.values()), sources)) : Optional.empty();
    }

    /** The source of the plain names and ids of a list, when it has several. */
    static final String LISTED = "listed";

    private static boolean plain(AccountSelector selector) {
        return selector instanceof AccountSelector.Named n && !n.isGlob();
    }

    /** " (9)", " (1; 9 already in)", " (3; 1 suspended left out)" */
    private static String count(int added, int already, String leftOut) {
        return " (" + added + (already > 0 ? "; " + already + " already in" : "")
                + (leftOut.isEmpty() ? "" : "; " + leftOut + " left out") + ")";
    }

    /**
     * What can be checked before parameters and AWS are known: each literal name, glob and group
     * against the config. Organizations selectors and values from parameters wait for the plan.
     */
    void checkWritten(List<AccountSelector> selectors) {
        for (AccountSelector selector : selectors) {
            boolean literal = selector instanceof AccountSelector.Named n && !Templates.isTemplated(n.name())
                    || selector instanceof AccountSelector.Group g && !Templates.isTemplated(g.name());
            if (literal) {
                found(selector);
            }
        }
    }

    private Optional<Matched> found(AccountSelector selector) {
        if (selector instanceof AccountSelector.Named n) {
            return named(n.name());
        }
        if (selector instanceof AccountSelector.Group g) {
            return group(g.name());
        }
        return organization((AccountSelector.Organization) selector);
    }

    /** The value with parameters filled in, or empty when one was not given (recorded as a problem). */
    private Optional<Scalar> value(Scalar written, String field) {
        Scalar s = Templates.substitute(written, values);
        if (Templates.isTemplated(s)) {
            problems.add(
                    s.position(),
                    field + ": '" + s.text() + "' needs a parameter that was not given; pass -p NAME=VALUE");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Whether {@code s} has the right shape; {@code why} is what the shape rule said of its text. */
    private boolean wellFormed(Scalar s, String field, Optional<String> why) {
        if (why.isPresent()) {
            problems.add(s.position(), field + ": " + why.get() + Fields.origin(s));
            return false;
        }
        return true;
    }

    private Optional<Matched> named(Scalar written) {
        Optional<Scalar> s = value(written, "target.accounts");
        if (s.isEmpty()
                || !wellFormed(
                        s.get(),
                        "target.accounts",
                        AccountSelectors.nameProblem(s.get().text()))) {
            return Optional.empty();
        }
        String name = s.get().text();
        // Only a glob written in the runbook expands: a value given at run time ('-p acct=*') would
        // otherwise turn one account into every account, and the default maxTargetsTotal with it.
        if (globFromParameter(s.get())) {
            problems.add(
                    s.get().position(),
                    "target.accounts: '" + name + "'" + Fields.origin(s.get())
                            + ": a parameter cannot widen an account set: write the glob in the runbook");
            return Optional.empty();
        }
        if (AccountSelectors.isGlob(name)) {
            List<Account> accounts = new ArrayList<>();
            for (Account a : config.accounts().values()) {
                if (AccountSelectors.matches(name, a.alias())) {
                    accounts.add(a);
                }
            }
            accounts.sort(Account.BY_ALIAS);
            List<Found> matched = new ArrayList<>();
            for (Account a : accounts) {
                matched.add(new Found(a, name, Optional.empty()));
            }
            if (matched.isEmpty()) {
                problems.add(
                        s.get().position(),
                        "target.accounts: '" + name + "' matches no alias under accounts in the config"
                                + Fields.origin(s.get()));
                return Optional.empty();
            }
            return Optional.of(new Matched(List.copyOf(matched)));
        }
        Optional<Account> account = config.account(name);
        if (account.isEmpty()) {
            problems.add(
                    s.get().position(),
                    "target.accounts: unknown account alias '" + name + "'" + Fields.origin(s.get())
                            + "; use a 12-digit id or define it under accounts in the config");
            return Optional.empty();
        }
        return Optional.of(new Matched(List.of(new Found(account.get(), name, Optional.empty()))));
    }

    private boolean globFromParameter(Scalar s) {
        for (String p : s.parameters()) {
            if (AccountSelectors.isGlob(values.getOrDefault(p, ""))) {
                return true;
            }
        }
        return false;
    }

    private Optional<Matched> group(Scalar written) {
        Optional<Scalar> s = value(written, "target.accounts.group");
        if (s.isEmpty()
                || !wellFormed(
                        s.get(),
                        "target.accounts.group",
                        AccountSelectors.groupNameProblem(s.get().text()))) {
            return Optional.empty();
        }
        String name = s.get().text();
        Optional<List<Account>> group = config.group(name);
        if (group.isEmpty()) {
            String known = config.groups().isEmpty()
                    ? "the config defines no groups"
                    : "defined: " + String.join(", ", new TreeMap<>(config.groups()).keySet());
            problems.add(s.get().position(), "target.accounts: unknown group '" + name + "' (" + known + ")");
            return Optional.empty();
        }
        String source = "group " + name;
        List<Found> found = new ArrayList<>();
        for (Account a : group.get()) {
            found.add(new Found(a, source, Optional.empty()));
        }
        return Optional.of(new Matched(List.copyOf(found)));
    }

    private Optional<Matched> organization(AccountSelector.Organization selector) {
        Optional<String> parent = Optional.empty();
        if (selector.organizationalUnit().isPresent()) {
            String field = "target.accounts.organizationalUnit";
            Optional<Scalar> s = value(selector.organizationalUnit().get(), field);
            if (s.isEmpty()
                    || !wellFormed(
                            s.get(),
                            field,
                            AccountSelectors.parentProblem(s.get().text()))) {
                return Optional.empty();
            }
            parent = Optional.of(s.get().text());
        }
        String source = AccountSelectors.organization(parent, selector.tags());
        Map<String, Integer> leftOut = new TreeMap<>();
        List<Found> out = new ArrayList<>();
        List<Organization.MemberAccount> listed = new ArrayList<>(organization.accounts(parent));
        listed.sort(BY_ID);
        for (Organization.MemberAccount m : listed) {
            if (!"ACTIVE".equals(m.status())) {
                String status = m.status().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                Integer before = leftOut.get(status);
                leftOut.put(status, before == null ? 1 : before + 1);
                continue;
            }
            if (!selector.tags().isEmpty() && !hasTags(m.id(), selector.tags())) {
                continue;
            }
            out.add(new Found(configuredOrBare(m.id()), source, Optional.of(m.name())));
        }
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, Integer> e : leftOut.entrySet()) {
            notes.add(e.getValue() + " " + e.getKey());
        }
        return Optional.of(new Matched(out, String.join(", ", notes)));
    }

    /** The config's account with that id when it has an alias of its own, else the bare id. */
    private Account configuredOrBare(String id) {
        Optional<Account> known = config.account(id);
        if (known.isPresent() && !known.get().alias().equals(known.get().id())) {
            return known.get();
        }
        return new Account(id, id, Optional.empty(), false);
    }

    private boolean hasTags(String accountId, Map<String, String> wanted) {
        Map<String, String> tags = organization.tags(accountId);
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(tags.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static final Comparator<Organization.MemberAccount> BY_ID = new ById();

    private static final class ById implements Comparator<Organization.MemberAccount> {
        @Override
        public int compare(Organization.MemberAccount a, Organization.MemberAccount b) {
            return a.id().compareTo(b.id());
        }
    }
}
