package dev.guard.cli;

import dev.guard.action.WaitsForCompletion;
import dev.guard.auth.Acquisition;
import dev.guard.auth.StepCredentials;
import dev.guard.credentials.SessionCache;
import dev.guard.plan.Plan;
import dev.guard.plan.PlannedStep;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.runbook.Guards;
import dev.guard.term.Printable;
import dev.guard.term.Style;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints a {@link Plan} for a person: what will happen, where, as whom, and what to watch out for.
 * Every value from the runbook, the config or the command line is shown through {@link Printable}.
 */
final class PlanRenderer {
    private final Style style;
    private final PrintWriter out;

    PlanRenderer(Style style, PrintWriter out) {
        this.style = style;
        this.out = out;
    }

    void render(Plan plan) {
        render(PlanPreview.of(plan), true);
    }

    /** What the run will do differently from the runbook's own words: a cached session, --yes. */
    private PlanPreview preview;

    /** @param offline whether the plan is all there is ({@code guard plan}) or a run follows it */
    void render(PlanPreview preview, boolean offline) {
        this.preview = preview;
        Plan plan = preview.plan();
        var rb = plan.runbook();
        // No digest here: computing one loads the JCA providers, a start-up cost a person reading the
        // plan gains nothing from. --output json carries it for machines and saved plans.
        out.println(style.bold("Plan: " + Printable.of(rb.name())) + "  "
                + style.dim("(" + Printable.of(plan.shownAs().toString()) + ")"));
        // No lambdas on this path: on JDK 17 each costs ~60 µs to link at its first call (a plan's start-up).
        if (rb.description().isPresent()) {
            out.println("  " + Printable.lines(rb.description().get().strip()).replace("\n", "\n  "));
        }
        if (!rb.parameters().isEmpty()) {
            List<String> ps = new ArrayList<>();
            for (var p : rb.parameters()) {
                ps.add(p.name() + "="
                        + (plan.parameters().containsKey(p.name())
                                ? plan.parameters().get(p.name())
                                : "<not given>"));
            }
            out.println("  parameters: " + Printable.of(String.join(", ", ps)));
        }
        if (rb.approval().isPresent()) {
            out.println("  approval: " + Printable.of(rb.approval().get().describe())
                    + "; guard apply needs them (guard approve FILE after plan --live -o FILE)");
        }
        out.println();
        credentials(plan);
        for (int i = 0; i < plan.steps().size(); ) {
            PlannedStep s = plan.steps().get(i);
            if (s.set().isEmpty()) {
                step(plan, s);
                i++;
                continue;
            }
            List<PlannedStep> members = SetBlock.members(plan.steps(), i);
            new SetBlock(style, out, this::line)
                    .render(
                            plan,
                            new SetBlock.PreviewedStep(
                                    members, SetBlock.confirmation(members, confirmation(preview, members.get(0)))));
            i += members.size();
        }
        if (!plan.warnings().isEmpty()) {
            out.println(style.bold("Warnings"));
            for (String w : plan.warnings()) {
                out.println("  " + style.yellow("! ") + Printable.of(w));
            }
            out.println();
        }
        if (offline) {
            out.println(style.dim("Offline plan: no AWS call was made. Targets, their current state and the guards"
                    + " are checked when it runs."));
        }
        out.flush();
    }

    private void credentials(Plan plan) {
        var creds = plan.credentials();
        var cached = preview.cached();
        // A shell's in-memory session has no key of its own: the plan's device is the one it was made with.
        String header = cached.isPresent() ? cachedHeader(plan, cached.get()) : prompts(plan);
        out.println(style.bold("Credentials") + ": " + Printable.of(header));
        int n = 1;
        // AssumeRoles of one role into the many accounts of a set are said once.
        for (String a : SetBlock.acquisitions(creds.acquisitions(), new Described(cached.isPresent()))) {
            out.println("  " + n++ + ". " + Printable.of(a));
        }
        for (String note : creds.notes()) {
            out.println("  " + style.dim("note: " + Printable.of(note)));
        }
        out.println();
    }

    /** "no MFA prompt: your cached MFA session for … serves this run …" */
    private static String cachedHeader(Plan plan, SessionCache.Entry e) {
        return "no MFA prompt: your cached MFA session for "
                + (e.key().mfaSerial().isEmpty()
                        ? plan.mfaDevice().serial().orElse("your MFA device")
                        : e.key().mfaSerial())
                + " (MFA "
                + Math.max(0, e.age(java.time.Instant.now()).toMinutes())
                + " min ago) serves this run, unless AWS refuses it (then a code is asked for)";
    }

    /** An acquisition as the plan says it: a cached session stands in for GetSessionToken with MFA. */
    private static final class Described implements Function<Acquisition, String> {
        private final boolean cached;

        Described(boolean cached) {
            this.cached = cached;
        }

        @Override
        public String apply(Acquisition a) {
            boolean fromCache = cached && a instanceof Acquisition.GetSessionToken g && g.withMfa();
            return fromCache
                    ? "your cached MFA session (GetSessionToken with MFA, from guard login or an earlier run; no code)"
                    : describe(a);
        }
    }

    /** "1 MFA prompt; MFA device arn:…:mfa/alice (from config)" */
    private static String prompts(Plan plan) {
        int prompts = plan.credentials().mfaPrompts();
        if (prompts == 0) {
            return "no MFA prompt";
        }
        String device = plan.mfaDevice().serial().isPresent()
                ? plan.mfaDevice().serial().get() + " ("
                        + plan.mfaDevice().source().shown() + ")"
                : "discovered at run time (iam:ListMFADevices)";
        return (prompts == 1 ? "1 MFA prompt" : prompts + " MFA prompts") + "; MFA device " + device;
    }

    static String describe(Acquisition a) {
        if (a instanceof Acquisition.GetSessionToken g) {
            return "GetSessionToken" + (g.withMfa() ? " with MFA" : "") + ", " + duration(g.durationSeconds());
        }
        Acquisition.AssumeRole r = (Acquisition.AssumeRole) a;
        String how = r.chainedFromSessionToken()
                ? " using the GetSessionToken session (no new code)"
                : r.withMfa() ? " with MFA" : "";
        return "AssumeRole " + r.roleArn() + how + ", " + duration(r.durationSeconds());
    }

    static String duration(int seconds) {
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private void step(Plan plan, PlannedStep s) {
        int total = plan.runbook().steps().size();
        out.println(style.bold("Step " + s.number() + "/" + total + " "
                        + Printable.of(s.step().id())) + " — " + s.action().name()
                + (s.action().metadata().destructive() ? style.red(" (destructive)") : ""));
        if (s.step().description().isPresent()) {
            line("about", s.step().description().get().strip());
        }
        StepCredentials c = plan.credentials().step(s.step().id());
        String as = c.roleArn().isPresent()
                ? ", as role " + AwsIdentifiers.roleName(c.roleArn().get())
                : "";
        line("target", s.account().label() + ", " + s.region() + sourceNote(s) + as);
        for (String d : s.inputs().describe()) {
            line("selects", d);
        }
        line("guards", guards(s.step().guards()));
        line("confirm", confirmation(preview, s));
        if (s.action() instanceof WaitsForCompletion) {
            line("wait", s.step().waitForCompletion() ? "until done" : "no");
        }
        line("creds", c.strategy().label());
        line("why", c.reason());
        out.println();
    }

    static final String BY_YES = "skipped (--yes, unattended runbook)";

    /** The step's confirmation as this run will ask it: not at all when approvals or --yes stand in. */
    static String confirmation(PlanPreview preview, PlannedStep s) {
        if (!preview.approvers().isEmpty() && s.confirm() != dev.guard.runbook.Confirm.NONE) {
            return "done at approval time by " + String.join(", ", preview.approvers()) + " (" + s.confirmation() + ")";
        }
        return confirmedByYes(preview, s) ? BY_YES : s.confirmation();
    }

    /** Whether {@code --yes} will stand in for this step's confirmation (never a protected account's). */
    static boolean confirmedByYes(PlanPreview preview, PlannedStep s) {
        return preview.yesConfirms()
                && s.confirm() != dev.guard.runbook.Confirm.NONE
                && !s.account().protectedAccount();
    }

    private static String sourceNote(PlannedStep s) {
        return s.regionSource().equals("runbook") ? "" : " (from " + s.regionSource() + ")";
    }

    private void line(String label, String text) {
        // Padded by hand: java.util.Formatter's first use costs more start-up time than the plan.
        String head = label + ":";
        out.println("  " + head + " ".repeat(Math.max(1, 9 - head.length())) + Printable.of(text));
    }

    static String guards(Guards g) {
        List<String> parts = new ArrayList<>();
        if (g.maxTargets().isPresent()) {
            int m = g.maxTargets().getAsInt();
            parts.add("at most " + m + " target" + (m == 1 ? "" : "s"));
        }
        if (!g.refuseTags().isEmpty()) {
            List<String> t = new ArrayList<>();
            for (Map.Entry<String, String> tag : g.refuseTags().entrySet()) {
                t.add(tag.getKey() + "=" + tag.getValue());
            }
            Collections.sort(t);
            parts.add("refuse tags " + String.join(", ", t));
        }
        if (!g.expectStates().isEmpty()) {
            parts.add("expect state " + String.join(" or ", g.expectStates()));
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }
}
