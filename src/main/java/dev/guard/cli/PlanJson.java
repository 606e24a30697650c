package dev.guard.cli;

import dev.guard.auth.Acquisition;
import dev.guard.auth.StepCredentials;
import dev.guard.plan.Plan;
import dev.guard.plan.PlannedStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan as the JSON object {@code guard plan --output json} prints. Its shape is documented in
 * the README ("Plan JSON"); {@code formatVersion} changes if a field is removed or renamed.
 */
final class PlanJson {
    static final int FORMAT_VERSION = 1;

    private PlanJson() {}

    /**
     * The plan as the run will carry it out ({@link PlanPreview}): a cached MFA session that spares
     * the prompt ({@code credentials.cachedSession}, {@code mfaPrompts} 0), and the steps {@code
     * --yes} will confirm.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> of(PlanPreview preview) {
        Plan plan = preview.plan();
        Map<String, Object> m = of(plan);
        preview.cached().ifPresent(e -> {
            Map<String, Object> credentials = (Map<String, Object>) m.get("credentials");
            credentials.put("mfaPrompts", 0);
            Map<String, Object> cached = new LinkedHashMap<>();
            cached.put("mfaDevice", e.key().mfaSerial());
            cached.put("mfaAt", e.mfaAt().toString());
            cached.put("expires", e.expires().toString());
            credentials.put("cachedSession", cached);
        });
        if (preview.yesConfirms() || !preview.approvers().isEmpty()) {
            List<Object> steps = (List<Object>) m.get("steps");
            for (int i = 0; i < steps.size(); i++) {
                PlannedStep s = plan.steps().get(i);
                ((Map<String, Object>) steps.get(i)).put("confirmation", PlanRenderer.confirmation(preview, s));
            }
        }
        return m;
    }

    static Map<String, Object> of(Plan plan) {
        var rb = plan.runbook();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formatVersion", FORMAT_VERSION);
        Map<String, Object> runbook = new LinkedHashMap<>();
        runbook.put("name", rb.name());
        runbook.put("file", plan.shownAs().toString());
        runbook.put("sha256", rb.sha256());
        runbook.put("description", rb.description());
        runbook.put("auth", rb.auth().yaml());
        runbook.put("unattended", rb.unattended());
        runbook.put("approval", rb.approval().map(a -> (Object) a.toJson()).orElse(null));
        m.put("runbook", runbook);
        m.put("parameters", new LinkedHashMap<>(plan.parameters()));
        m.put("missingParameters", plan.missingParameters());
        m.put("credentials", credentials(plan));
        List<Object> steps = new ArrayList<>();
        plan.steps().forEach(s -> steps.add(step(plan, s)));
        m.put("steps", steps);
        m.put("sets", sets(plan));
        m.put("warnings", plan.warnings());
        m.put("offline", true);
        return m;
    }

    /** Each account set once: where its accounts came from, every member, how it rolls out. */
    private static List<Object> sets(Plan plan) {
        List<Object> out = new ArrayList<>();
        plan.steps().stream().flatMap(s -> s.set().stream()).distinct().forEach(set -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", set.stepId());
            m.put("sources", set.sources());
            m.put("accounts", set.accounts().size());
            m.put("maxConcurrency", set.maxConcurrency());
            m.put("maxErrors", set.maxErrors().toString());
            m.put(
                    "maxTargetsTotal",
                    set.maxTargetsTotal().isPresent() ? set.maxTargetsTotal().getAsInt() : null);
            List<Object> members = new ArrayList<>();
            for (var member : set.members()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("account", member.account().alias());
                one.put("accountId", member.account().id());
                one.put("region", member.region());
                one.put("source", member.source());
                one.put("name", member.name().orElse(null));
                one.put("protected", member.account().protectedAccount());
                members.add(one);
            }
            m.put("members", members);
            out.add(m);
        });
        return out;
    }

    private static Map<String, Object> credentials(Plan plan) {
        var c = plan.credentials();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mfaPrompts", c.mfaPrompts());
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("serial", plan.mfaDevice().serial());
        device.put("source", plan.mfaDevice().source().name().toLowerCase(java.util.Locale.ROOT));
        m.put("mfaDevice", device);
        List<Object> calls = new ArrayList<>();
        for (Acquisition a : c.acquisitions()) {
            Map<String, Object> call = new LinkedHashMap<>();
            if (a instanceof Acquisition.GetSessionToken g) {
                call.put("call", "sts:GetSessionToken");
                call.put("withMfa", g.withMfa());
                call.put("durationSeconds", g.durationSeconds());
            } else {
                Acquisition.AssumeRole r = (Acquisition.AssumeRole) a;
                call.put("call", "sts:AssumeRole");
                call.put("roleArn", r.roleArn());
                call.put("withMfa", r.withMfa());
                call.put("chainedFromSessionToken", r.chainedFromSessionToken());
                call.put("durationSeconds", r.durationSeconds());
            }
            calls.add(call);
        }
        m.put("calls", calls);
        m.put("notes", c.notes());
        return m;
    }

    private static Map<String, Object> step(Plan plan, PlannedStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.step().id());
        // A set's member: the runbook's step id, whose set is under "sets".
        m.put("set", s.set().map(a -> a.stepId()).orElse(null));
        m.put("action", s.action().name());
        m.put("destructive", s.action().metadata().destructive());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("account", s.account().alias());
        target.put("accountId", s.account().id());
        target.put("region", s.region());
        // The role this step will act as (none when guard acts as you, e.g. for an MFA bucket).
        target.put("roleArn", plan.credentials().step(s.step().id()).roleArn());
        target.put("protected", s.account().protectedAccount());
        m.put("target", target);
        m.put("inputs", s.inputs().toJson());
        m.put("selector", s.inputs().selector());
        Map<String, Object> guards = new LinkedHashMap<>();
        var g = s.step().guards();
        guards.put("maxTargets", g.maxTargets().isPresent() ? g.maxTargets().getAsInt() : null);
        guards.put(
                "maxTargetsTotal",
                g.maxTargetsTotal().isPresent() ? g.maxTargetsTotal().getAsInt() : null);
        guards.put("refuseTags", g.refuseTags());
        guards.put("expectStates", g.expectStates());
        m.put("guards", guards);
        m.put("confirm", s.step().confirm().yaml());
        m.put("confirmation", s.confirmation());
        m.put("wait", s.step().waitForCompletion());
        StepCredentials c = plan.credentials().step(s.step().id());
        Map<String, Object> creds = new LinkedHashMap<>();
        creds.put(
                "strategy",
                c.strategy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        creds.put("roleArn", c.roleArn());
        creds.put("reason", c.reason());
        m.put("credentials", creds);
        m.put("warnings", s.warnings());
        return m;
    }
}
