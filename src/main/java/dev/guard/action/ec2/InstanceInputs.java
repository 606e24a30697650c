package dev.guard.action.ec2;

import dev.guard.action.InputContext;
import dev.guard.action.StepInputs;
import dev.guard.action.TargetsById;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.yaml.Fields;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.Templates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * EC2 instances named by id ({@code instanceIds}) or chosen by a {@code selector} of tags and
 * states — exactly one of the two.
 *
 * <p>Loops and plain {@code Optional} checks rather than lambdas: every validate reads these, and on
 * JDK 17 each lambda call site costs ~60 µs to link the first time.
 */
public record InstanceInputs(List<String> instanceIds, Map<String, String> tags, List<String> states)
        implements StepInputs, TargetsById {
    /** EC2's instance states, for selectors and {@code expectStates}. */
    public static final Set<String> STATES =
            Set.of("pending", "running", "shutting-down", "terminated", "stopping", "stopped");

    /** TerminateInstances and StopInstances take at most this many ids per call. */
    public static final int MAX_IDS = 1000;

    /** An EC2 resource carries at most 50 tags: a selector asking for more matches nothing. */
    public static final int MAX_SELECTOR_TAGS = 50;

    static final List<String> KEYS = List.of("instanceIds", "selector");

    @Override
    public String targetKind() {
        return "instance";
    }

    @Override
    public List<String> namedIds() {
        return instanceIds;
    }

    static Optional<StepInputs> read(Fields with, InputContext context) {
        with.allowOnly(KEYS.toArray(new String[0]));
        boolean ids = with.has("instanceIds");
        boolean selector = with.has("selector");
        if (ids == selector) {
            with.problems().add(with.node().position(), with.path() + ": give exactly one of instanceIds or selector");
            return Optional.empty();
        }
        return ids ? ids(with) : selector(with);
    }

    private static Optional<StepInputs> ids(Fields with) {
        // Every id being unreadable (already reported) must not look like a selector.
        Optional<List<Scalar>> listed = with.stringList("instanceIds", true);
        if (listed.isEmpty() || listed.get().isEmpty()) {
            return Optional.empty();
        }
        List<Scalar> list = listed.get();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Scalar s = list.get(i);
            String where = with.child("instanceIds") + "[" + i + "]";
            with.check(s, where, AwsIdentifiers.instanceId(s.text()));
            if (!Templates.isTemplated(s) && out.contains(s.text())) {
                with.problems().add(s.position(), where + ": '" + s.text() + "' is listed twice");
            }
            out.add(s.text());
        }
        if (out.size() > MAX_IDS) {
            with.problems()
                    .add(
                            with.node().position(),
                            with.child("instanceIds") + ": at most " + MAX_IDS
                                    + " ids; use a selector with maxTargets for bulk work");
        }
        return Optional.of(new InstanceInputs(out, Map.of(), List.of()));
    }

    private static Optional<StepInputs> selector(Fields with) {
        Optional<Fields> mapping = with.mapping("selector", true);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Fields sel = mapping.get();
        sel.allowOnly("tags", "states");
        if (!sel.has("tags") && !sel.has("states")) {
            with.problems().add(sel.node().position(), sel.path() + ": give tags, states or both");
        }
        return Optional.of(new InstanceInputs(List.of(), tags(sel), states(sel)));
    }

    private static Map<String, String> tags(Fields sel) {
        Map<String, String> tags = new LinkedHashMap<>();
        Optional<Map<String, Scalar>> written = sel.stringMap("tags", false);
        if (written.isPresent()) {
            for (Map.Entry<String, Scalar> e : written.get().entrySet()) {
                String k = e.getKey();
                Scalar v = e.getValue();
                var key = sel.node().entry("tags").orElseThrow();
                sel.check(
                        new Scalar(k, Scalar.Kind.STRING, key.keyPosition()),
                        sel.child("tags"),
                        AwsIdentifiers.tagKey(k));
                sel.check(v, sel.child("tags") + "." + k, AwsIdentifiers.tagValue(v.text()));
                tags.put(k, v.text());
            }
        }
        if (tags.size() > MAX_SELECTOR_TAGS) {
            sel.problems()
                    .add(
                            sel.node().entry("tags").orElseThrow().keyPosition(),
                            sel.child("tags") + ": at most " + MAX_SELECTOR_TAGS
                                    + " tags (an instance carries at most 50, so more match nothing), got "
                                    + tags.size());
        }
        return tags;
    }

    private static List<String> states(Fields sel) {
        List<String> states = new ArrayList<>();
        Optional<List<Scalar>> written = sel.stringList("states", false);
        if (written.isPresent()) {
            for (Scalar s : written.get()) {
                if (!STATES.contains(s.text())) {
                    sel.check(
                            s,
                            sel.child("states"),
                            Optional.of("'" + s.text() + "' is not an instance state ("
                                    + String.join(", ", sorted(STATES)) + ")"));
                }
                states.add(s.text());
            }
        }
        return states;
    }

    static List<String> sorted(Set<String> set) {
        return List.copyOf(new TreeSet<>(set));
    }

    @Override
    public List<String> describe() {
        if (!instanceIds.isEmpty()) {
            return List.of("instances " + String.join(", ", instanceIds));
        }
        List<String> parts = new ArrayList<>();
        if (!tags.isEmpty()) {
            List<String> t = new ArrayList<>();
            for (Map.Entry<String, String> e : tags.entrySet()) {
                t.add(e.getKey() + "=" + e.getValue());
            }
            parts.add("tagged " + String.join(", ", t));
        }
        if (!states.isEmpty()) {
            parts.add("in state " + String.join(" or ", states));
        }
        return List.of("instances " + String.join(", ", parts) + " (selector)");
    }

    @Override
    public boolean selector() {
        return instanceIds.isEmpty();
    }

    @Override
    public int namedTargets() {
        return instanceIds.size();
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (selector()) {
            Map<String, Object> sel = new LinkedHashMap<>();
            sel.put("tags", tags);
            sel.put("states", states);
            m.put("selector", sel);
        } else {
            m.put("instanceIds", instanceIds);
        }
        return m;
    }
}
