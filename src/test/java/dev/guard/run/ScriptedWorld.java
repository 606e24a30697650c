package dev.guard.run;

import dev.guard.action.Action;
import dev.guard.action.ActionMetadata;
import dev.guard.action.InputContext;
import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.StepInputs;
import dev.guard.action.Target;
import dev.guard.yaml.Fields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A tiny AWS for the executor's tests: resources with a state, tags and protection, grouped so each
 * step of a runbook acts on its own group ({@code with: {group: web}}), and the action {@code
 * test:Terminate} that reads and changes them as a real operation does — discover, already done,
 * dry run, execute in batches reported to the step's audit as they complete. What the tests script
 * (a drift between discovery and the change, a failure on one resource, a Ctrl-C after a batch) is
 * hooked in here; what the executor did is read back from {@link #calls} and the resources' states.
 */
final class ScriptedWorld {
    static final String ACTION = "test:Terminate";

    /** One resource as this world holds it. */
    static final class Resource {
        final String id;
        final String group;
        String state;
        Map<String, String> tags;
        Optional<String> protection = Optional.empty();
        /** The account alias it lives in, for a step across an account set; null: every account's. */
        String account;

        Resource(String id, String group, String state, Map<String, String> tags) {
            this.id = id;
            this.group = group;
            this.state = state;
            this.tags = tags;
        }

        /** In this account only (by alias): a set member in another account does not find it. */
        Resource in(String alias) {
            this.account = alias;
            return this;
        }

        Target target() {
            return new Target(id, Optional.of(state), tags, List.of(), protection);
        }
    }

    private final Map<String, Resource> resources = new LinkedHashMap<>();
    /** What the operations were asked to do, in order: "discover web", "execute [i-1, i-2]", "dry-run web". */
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** Resources per execute batch (a real operation batches 1,000 objects or 50 instances per call). */
    int batchSize = Integer.MAX_VALUE;
    /** The resource whose change fails with a {@link StepFailure} (the step breaks off there). */
    Optional<String> breaksAt = Optional.empty();
    /** The resources whose wait (after their change went through) fails. */
    final Set<String> awaitBreaksAt = new java.util.HashSet<>();
    /** What a dry run answers. */
    Operation.DryRunAnswer dryRunAnswer = new Operation.DryRunAnswer(true, true, "Request would have succeeded");
    /** Runs after the n-th discovery (1-based), e.g. to change a resource before it is read again. */
    private final Map<Integer, Runnable> afterDiscovery = new LinkedHashMap<>();
    /** Runs after each batch is changed and reported. */
    Consumer<List<Outcome>> afterBatch = batch -> {};

    private int discoveries;

    Resource add(String id, String group, String state, Map<String, String> tags) {
        Resource r = new Resource(id, group, state, tags);
        resources.put(id, r);
        return r;
    }

    Resource add(String id, String group, String state) {
        return add(id, group, state, Map.of());
    }

    Resource get(String id) {
        return resources.get(id);
    }

    void remove(String id) {
        resources.remove(id);
    }

    String state(String id) {
        return resources.get(id).state;
    }

    void afterDiscovery(int n, Runnable change) {
        afterDiscovery.put(n, change);
    }

    /** Every call that changes something (execute); none for a run that must change nothing. */
    List<String> changes() {
        return calls.stream().filter(c -> c.startsWith("execute")).toList();
    }

    Action action() {
        return new Terminate();
    }

    private final class Terminate implements Action {
        @Override
        public ActionMetadata metadata() {
            return ActionMetadata.destructive(ACTION, "terminate scripted resources", "group")
                    .withStates(Set.of("running", "stopped", "terminated"));
        }

        @Override
        public Optional<StepInputs> read(Fields with, InputContext context) {
            with.allowOnly("group");
            return with.string("group", true).map(g -> new Group(g.text()));
        }

        @Override
        public List<String> warnings(StepInputs inputs) {
            return List.of();
        }

        @Override
        public Operation operation(StepInputs inputs, StepContext context) {
            return new Terminating(((Group) inputs).name(), context);
        }
    }

    /** The step's inputs: which group it acts on, chosen like a selector. */
    private record Group(String name) implements StepInputs {
        @Override
        public List<String> describe() {
            return List.of("resources in group " + name);
        }

        @Override
        public int namedTargets() {
            return 0;
        }

        @Override
        public Map<String, Object> toJson() {
            return Map.of("group", name);
        }
    }

    private final class Terminating implements Operation {
        private final String group;
        private final StepContext context;

        Terminating(String group, StepContext context) {
            this.group = group;
            this.context = context;
        }

        @Override
        public String noun(int count) {
            return count == 1 ? "resource" : "resources";
        }

        @Override
        public String verb() {
            return "terminate";
        }

        @Override
        public List<Target> discover() {
            calls.add("discover " + group);
            List<Target> found = resources.values().stream()
                    .filter(r -> r.group.equals(group))
                    .filter(r -> r.account == null || context.where().startsWith(r.account + " ("))
                    .map(Resource::target)
                    .toList();
            afterDiscovery.getOrDefault(++discoveries, () -> {}).run();
            return found;
        }

        @Override
        public Optional<String> alreadyDone(Target target) {
            return target.state().filter("terminated"::equals).map(s -> "already terminated");
        }

        @Override
        public DryRunAnswer dryRun(List<Target> targets) {
            calls.add("dry-run " + group);
            return dryRunAnswer;
        }

        /** As the real operations do: stop before a batch when asked, report each batch as it completes. */
        @Override
        public List<Outcome> execute(List<Target> targets) {
            List<Outcome> outcomes = new ArrayList<>();
            for (int from = 0; from < targets.size(); from += batchSize) {
                List<Target> batch = targets.subList(from, Math.min(targets.size(), from + batchSize));
                if (context.stop().requested()) {
                    batch.forEach(t -> outcomes.add(Outcome.skipped(
                            t.id(), "stopped by " + context.stop().cause())));
                    continue;
                }
                calls.add("execute " + batch.stream().map(Target::id).toList());
                List<Outcome> done = new ArrayList<>();
                for (Target t : batch) {
                    if (breaksAt.filter(t.id()::equals).isPresent()) {
                        throw new StepFailure("AWS refused " + t.id() + " (scripted)");
                    }
                    Resource r = resources.get(t.id());
                    done.add(Outcome.done(t.id(), r.state + " → terminated"));
                    r.state = "terminated";
                }
                context.batches().completed(done);
                outcomes.addAll(done);
                afterBatch.accept(done);
            }
            return outcomes;
        }

        @Override
        public List<Outcome> await(List<Outcome> outcomes) {
            calls.add("await " + outcomes.stream().map(Outcome::targetId).toList());
            if (outcomes.stream().anyMatch(o -> awaitBreaksAt.contains(o.targetId()))) {
                throw new StepFailure("the waiter gave up (scripted)");
            }
            return outcomes;
        }
    }
}
