package dev.guard.config;

import dev.guard.runbook.AccountSelectors;
import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Position;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The config's {@code groups:}: {@code NAME: [alias, id, glob, ...]}, each member resolved now
 * against {@code accounts:} so a mistake is reported where the group is written, not when a
 * runbook first names it. Groups do not nest: a group names accounts, not other groups.
 */
final class GroupsParser {

    private final Problems problems;
    private final Map<String, Account> accounts;

    GroupsParser(Problems problems, Map<String, Account> accounts) {
        this.problems = problems;
        this.accounts = accounts;
    }

    Map<String, List<Account>> parse(Optional<Fields> groups) {
        Map<String, List<Account>> out = new LinkedHashMap<>();
        if (groups.isEmpty()) {
            return out;
        }
        Fields g = groups.get();
        for (MapNode.Entry e : g.node().entries()) {
            String where = g.child(e.key());
            Optional<String> why = AccountSelectors.groupNameProblem(e.key());
            if (why.isPresent()) {
                problems.add(e.keyPosition(), where + ": " + why.get());
            }
            Fields holder = new Fields(new MapNode(List.of(e), e.keyPosition()), g.path(), problems);
            Optional<List<Scalar>> list = holder.stringList(e.key(), true);
            if (list.isPresent()) {
                out.put(e.key(), members(list.get(), where));
            }
        }
        return out;
    }

    private List<Account> members(List<Scalar> list, String where) {
        List<Account> out = new ArrayList<>();
        Map<String, Position> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Scalar s = list.get(i);
            String at = where + "[" + i + "]";
            Optional<String> why = AccountSelectors.nameProblem(s.text());
            if (why.isPresent()) {
                problems.add(s.position(), at + ": " + why.get());
                continue;
            }
            for (Account a : resolve(s, at)) {
                Position first = seen.putIfAbsent(a.id(), s.position());
                if (first == null) {
                    out.add(a);
                } else if (!AccountSelectors.isGlob(s.text())) {
                    problems.add(s.position(), at + ": " + a.label() + " is already in the group at " + first);
                }
            }
        }
        return List.copyOf(out);
    }

    private List<Account> resolve(Scalar s, String at) {
        String name = s.text();
        if (AccountSelectors.isGlob(name)) {
            List<Account> matched = matching(name);
            if (matched.isEmpty()) {
                problems.add(s.position(), at + ": '" + name + "' matches no alias under accounts");
            }
            return matched;
        }
        Account byAlias = accounts.get(name);
        if (byAlias != null) {
            return List.of(byAlias);
        }
        for (Account a : accounts.values()) {
            if (a.id().equals(name)) {
                return List.of(a);
            }
        }
        if (name.matches("\\d{12}")) {
            return List.of(new Account(name, name, Optional.empty(), false));
        }
        problems.add(
                s.position(),
                at + ": unknown account alias '" + name + "'; define it under accounts or use a" + " 12-digit id");
        return List.of();
    }

    /** The accounts whose alias {@code glob} matches, in alias order. */
    private List<Account> matching(String glob) {
        List<Account> matched = new ArrayList<>();
        for (Account a : accounts.values()) {
            if (AccountSelectors.matches(glob, a.alias())) {
                matched.add(a);
            }
        }
        matched.sort(Account.BY_ALIAS);
        return List.copyOf(matched);
    }
}
