package dev.guard.cli;

import dev.guard.auth.Acquisition;
import dev.guard.auth.StepCredentials;
import dev.guard.plan.AccountSet;
import dev.guard.plan.Plan;
import dev.guard.plan.PlannedStep;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.term.Printable;
import dev.guard.term.Style;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A step across an account set, shown once: how far it reaches and how it rolls out, where the
 * accounts came from, every account (in columns, so 200 fit on a screen), the role and the
 * credentials once — not one block per account.
 */
final class SetBlock {
    private static final int WIDTH = 100;

    private final Style style;
    private final PrintWriter out;
    private final BiConsumer<String, String> line;

    /** @param line prints one labelled line of the step, escaped */
    SetBlock(Style style, PrintWriter out, BiConsumer<String, String> line) {
        this.style = style;
        this.out = out;
        this.line = line;
    }

    /** The members of one set: consecutive in the plan, from {@code first}. */
    static List<PlannedStep> members(List<PlannedStep> steps, int first) {
        AccountSet set = steps.get(first).set().orElseThrow();
        int end = first;
        while (end < steps.size() && steps.get(end).set().filter(s -> s == set).isPresent()) {
            end++;
        }
        return steps.subList(first, end);
    }

    void render(Plan plan, PreviewedStep step) {
        List<PlannedStep> members = step.members();
        PlannedStep first = members.get(0);
        AccountSet set = first.set().orElseThrow();
        out.println(style.bold("Step " + first.number() + "/"
                        + plan.runbook().steps().size() + " " + Printable.of(set.stepId()))
                + " — " + first.action().name()
                + (first.action().metadata().destructive() ? style.red(" (destructive)") : ""));
        first.step().description().ifPresent(d -> line.accept("about", d.strip()));
        int accounts = set.accounts().size();
        int regions = (int)
                set.members().stream().map(AccountSet.Member::region).distinct().count();
        line.accept(
                "across",
                plural(accounts, "account") + " × " + plural(regions, "region") + " (maxConcurrency "
                        + set.maxConcurrency() + ", maxErrors " + set.maxErrors()
                        + set.maxTargetsTotal().stream()
                                .mapToObj(t -> ", maxTargetsTotal " + t
                                        + (first.step()
                                                        .guards()
                                                        .maxTargetsTotal()
                                                        .isEmpty()
                                                ? " = maxTargets × members"
                                                : ""))
                                .findFirst()
                                .orElse("")
                        + ")");
        line.accept("from", set.sourcesLine());
        accounts(set);
        line.accept(
                "regions",
                String.join(
                                ", ",
                                set.members().stream()
                                        .map(AccountSet.Member::region)
                                        .distinct()
                                        .toList())
                        + (first.regionSource().equals("runbook") ? "" : " (from " + first.regionSource() + ")"));
        List<String> roles = members.stream()
                .map(m -> m.roleArn().map(AwsIdentifiers::roleName).orElse("none (your own credentials)"))
                .distinct()
                .toList();
        line.accept("role", String.join(", ", roles));
        first.inputs().describe().forEach(d -> line.accept("selects", d));
        line.accept(
                "guards",
                PlanRenderer.guards(first.step().guards())
                        .replaceFirst("^at most (\\d+) targets?", "at most $1 in each account and region"));
        line.accept("confirm", step.confirmation());
        StepCredentials c = plan.credentials().step(first.step().id());
        line.accept("creds", credentials(plan, members, c));
        reasons(plan, members).forEach(r -> line.accept("why", r));
        out.println();
    }

    /**
     * Why each member gets its credentials, said once for every member it holds for: the first
     * member's reason names its own account, which would read as if the set were that account.
     */
    private static List<String> reasons(Plan plan, List<PlannedStep> members) {
        Map<String, Integer> counted = new LinkedHashMap<>();
        for (PlannedStep m : members) {
            String reason = plan.credentials().step(m.step().id()).reason();
            counted.merge(reason.replace(m.account().label(), "ACCOUNT"), 1, Integer::sum);
        }
        if (counted.size() == 1) {
            return List.of(counted.keySet()
                    .iterator()
                    .next()
                    .replaceFirst("^ACCOUNT is another account", "no account of the set is your own")
                    .replace("ACCOUNT", "each account"));
        }
        return counted.entrySet().stream()
                .map(e -> plural(e.getValue(), "member") + ": " + e.getKey().replace("ACCOUNT", "its account"))
                .toList();
    }

    /** A set step as the plan will ask it: the confirmation once, for the number of accounts. */
    record PreviewedStep(List<PlannedStep> members, String confirmation) {}

    /** {@code asked}: the first member's confirmation as this run asks it (approvals and --yes applied). */
    static String confirmation(List<PlannedStep> members, String asked) {
        int accounts = members.get(0).set().orElseThrow().accounts().size();
        if (asked.startsWith("typed:")) {
            // The run asks for the accounts that have targets when it reads them: all of them here.
            return "typed, once for the set: type the number of accounts with targets ('" + plural(accounts, "account")
                    + "' if every one has some) to proceed";
        }
        if (asked.startsWith(BY_APPROVAL) && asked.contains(" (")) {
            // The first member's own wording ("type 'dev-01'") would read as if the set were that account.
            boolean typed = members.stream().anyMatch(m -> m.confirm() == dev.guard.runbook.Confirm.TYPED);
            return asked.substring(0, asked.indexOf(" (")) + " ("
                    + (typed ? "typed" : members.get(0).confirm().yaml()) + ", once for the set of "
                    + plural(accounts, "account") + ")";
        }
        return asked.startsWith("yes:") ? asked + ", once for the set" : asked;
    }

    private static final String BY_APPROVAL = "done at approval time by ";

    private void accounts(AccountSet set) {
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        for (AccountSet.Member m : set.members()) {
            if (seen.contains(m.account().id())) {
                continue;
            }
            seen.add(m.account().id());
            String label = m.name()
                    .filter(n -> m.account().alias().equals(m.account().id()))
                    .map(n -> n + " (" + m.account().id() + ")")
                    .orElse(m.account().label());
            bySource.computeIfAbsent(m.source(), k -> new ArrayList<>())
                    .add(label + (m.account().protectedAccount() ? " [protected]" : ""));
        }
        line.accept(
                "accounts",
                seen.size()
                        + (bySource.size() == 1
                                ? " from " + bySource.keySet().iterator().next()
                                : ", by source:"));
        bySource.forEach((source, labels) -> {
            if (bySource.size() > 1) {
                out.println("    " + Printable.of(source + ":"));
            }
            columns(labels);
        });
    }

    /** Labels in as many columns as fit, filled row by row. */
    private void columns(List<String> labels) {
        int width = labels.stream().mapToInt(String::length).max().orElse(0) + 2;
        int perRow = Math.max(1, (WIDTH - 6) / width);
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            String cell = labels.get(i);
            boolean last = (i + 1) % perRow == 0 || i == labels.size() - 1;
            row.append(last ? cell : cell + " ".repeat(width - cell.length()));
            if (last) {
                out.println("      " + Printable.of(row.toString()));
                row.setLength(0);
            }
        }
    }

    /** "one MFA code: GetSessionToken, then AssumeRole PrivilegedActionsRole in each account, renewed each hour without a code" */
    private static String credentials(Plan plan, List<PlannedStep> members, StepCredentials first) {
        int codes = plan.credentials().mfaPrompts();
        boolean chained = plan.credentials().acquisitions().stream()
                .anyMatch(a -> a instanceof Acquisition.AssumeRole r && r.chainedFromSessionToken());
        List<String> roles = members.stream()
                .flatMap(m -> m.roleArn().map(AwsIdentifiers::roleName).stream())
                .distinct()
                .toList();
        if (roles.isEmpty()) {
            return first.strategy().label();
        }
        String head = codes == 0 ? "no MFA code" : codes == 1 ? "one MFA code" : codes + " MFA codes";
        if (chained && codes == 1) {
            return head + ": GetSessionToken, then AssumeRole " + String.join(", ", roles)
                    + " in each account, renewed each hour without a code";
        }
        return head + ": AssumeRole " + String.join(", ", roles) + " in each account ("
                + first.strategy().label() + ")";
    }

    /**
     * The credential plan's calls, with the AssumeRoles of one role into many accounts said once:
     * "AssumeRole PrivilegedActionsRole in 200 accounts (222222222222, 333333333333, …) …".
     */
    static List<String> acquisitions(List<Acquisition> all, java.util.function.Function<Acquisition, String> describe) {
        Map<String, List<Acquisition.AssumeRole>> alike = new LinkedHashMap<>();
        for (Acquisition a : all) {
            if (a instanceof Acquisition.AssumeRole r) {
                // No computeIfAbsent: on JDK 17 its lambda costs ~60 µs to link (every plan runs this).
                List<Acquisition.AssumeRole> same = alike.get(how(r));
                if (same == null) {
                    same = new ArrayList<>();
                    alike.put(how(r), same);
                }
                same.add(r);
            }
        }
        List<String> out = new ArrayList<>();
        List<String> said = new ArrayList<>();
        for (Acquisition a : all) {
            if (!(a instanceof Acquisition.AssumeRole r) || alike.get(how(r)).size() <= 3) {
                out.add(describe.apply(a));
                continue;
            }
            if (said.contains(how(r))) {
                continue;
            }
            said.add(how(r));
            List<Acquisition.AssumeRole> group = alike.get(how(r));
            List<String> ids = group.stream()
                    .map(g -> AwsIdentifiers.roleArnAccount(g.roleArn()).orElse("?"))
                    .toList();
            String described = PlanRenderer.describe(r);
            String tail = described.substring(("AssumeRole " + r.roleArn()).length());
            out.add("AssumeRole " + AwsIdentifiers.roleName(r.roleArn()) + " in " + group.size() + " accounts ("
                    + String.join(", ", ids.subList(0, 2)) + ", …)" + tail);
        }
        return out;
    }

    private static String how(Acquisition.AssumeRole r) {
        return AwsIdentifiers.roleName(r.roleArn()) + "|" + r.withMfa() + "|" + r.chainedFromSessionToken() + "|"
                + r.durationSeconds();
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
