package dev.guard.action.ec2;

import dev.guard.action.Batches;
import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.Poll;
import dev.guard.action.ReadsById;
import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.Target;
import dev.guard.aws.Calls;
import dev.guard.error.ExitCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The instance actions (Terminate, Stop, ...) at run time, the change itself given by the {@link
 * InstanceAction}: instances are found with DescribeInstances
 * (an {@code instance-id} filter rather than {@code InstanceIds}, so one missing id is named
 * instead of failing the whole call), changed in calls of at most 1,000 ids, and waited for by
 * polling their state.
 */
final class InstanceOperation implements Operation, ReadsById {
    /** EC2 accepts at most this many values in one filter. */
    static final int MAX_FILTER_VALUES = 200;

    /** What a selector without {@code states} may pick: not the instances already gone or going. */
    static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    private final InstanceAction action;
    private final InstanceInputs inputs;
    private final StepContext context;
    private final Ec2Client ec2;

    InstanceOperation(InstanceAction action, InstanceInputs inputs, StepContext context) {
        this.action = action;
        this.inputs = inputs;
        this.context = context;
        this.ec2 = context.clients().ec2(context.credentials(), context.region());
    }

    @Override
    public String noun(int count) {
        return count == 1 ? "instance" : "instances";
    }

    @Override
    public String verb() {
        return action.verb();
    }

    private String finalState() {
        return action.finalState();
    }

    @Override
    public List<Target> discover() {
        Map<String, Instance> found;
        if (!inputs.instanceIds().isEmpty()) {
            found = describeIds(inputs.instanceIds());
        } else {
            List<Filter> filters = new ArrayList<>();
            inputs.tags().forEach((k, v) -> filters.add(filter("tag:" + k, List.of(v))));
            // A selector without states never picks instances that are gone or going: "terminated →
            // terminated" is no change, and one such id makes EC2 refuse a whole StopInstances call.
            filters.add(filter("instance-state-name", inputs.states().isEmpty() ? LIVE_STATES : inputs.states()));
            found = describe(filters);
        }
        if (!inputs.instanceIds().isEmpty()) {
            List<String> missing = inputs.instanceIds().stream()
                    .filter(id -> !found.containsKey(id))
                    .toList();
            if (!missing.isEmpty()) {
                throw new StepFailure(
                        ExitCode.INVALID_INPUT,
                        (missing.size() == 1 ? "instance " : "instances ") + String.join(", ", missing)
                                + (missing.size() == 1 ? " does" : " do") + " not exist in " + context.where());
            }
        }
        return targets(found);
    }

    @Override
    public List<Target> readById(List<String> ids) {
        return ids.isEmpty() ? List.of() : targets(describeIds(ids));
    }

    /** The instances as targets: state, tags, notes, protection and fingerprint. */
    private List<Target> targets(Map<String, Instance> found) {
        List<Target> targets = new ArrayList<>();
        Set<String> protectedIds = action.refusedByTerminationProtection()
                ? new TerminationProtection(ec2, context.calls()).among(found.values())
                : Set.of();
        for (Instance i : found.values()) {
            String state = i.state().nameAsString();
            Map<String, String> tags = i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> a));
            List<String> notes = new ArrayList<>();
            Optional.ofNullable(tags.get("Name")).ifPresent(n -> notes.add("Name=" + n));
            notes.add(i.instanceTypeAsString());
            Optional<String> protection = Optional.empty();
            if (protectedIds.contains(i.instanceId())) {
                protection = Optional.of("termination protection is on (disableApiTermination)");
            }
            targets.add(new Target(i.instanceId(), Optional.of(state), tags, notes, protection, fingerprint(i)));
        }
        return targets;
    }

    /**
     * What identifies the instance beyond its state and tags, for saved plans: an instance id is
     * never reused, but its type can change while it is stopped.
     */
    static Map<String, String> fingerprint(Instance i) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("launchTime", i.launchTime() == null ? "unknown" : i.launchTime().toString());
        f.put("instanceType", String.valueOf(i.instanceTypeAsString()));
        return f;
    }

    /** By id, in filters of at most 200 values: EC2 refuses more (FilterLimitExceeded). */
    private Map<String, Instance> describeIds(List<String> ids) {
        Map<String, Instance> found = new LinkedHashMap<>();
        for (List<String> some : Batches.of(ids, MAX_FILTER_VALUES)) {
            found.putAll(describe(List.of(filter("instance-id", some))));
        }
        return found;
    }

    private Map<String, Instance> describe(List<Filter> filters) {
        Map<String, Instance> found = new LinkedHashMap<>();
        String token = null;
        do {
            String next = token;
            DescribeInstancesResponse page = call(
                    "DescribeInstances",
                    () -> ec2.describeInstances(DescribeInstancesRequest.builder()
                            .filters(filters)
                            .maxResults(1000)
                            .nextToken(next)
                            .build()));
            page.reservations().forEach(r -> r.instances().forEach(i -> found.put(i.instanceId(), i)));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return found;
    }

    @Override
    public DryRunAnswer dryRun(List<Target> targets) {
        List<String> ids = ids(targets);
        for (List<String> batch : batches(ids)) {
            try {
                action.change(ec2, batch, true);
                return new DryRunAnswer(
                        false, true, "EC2 answered the dry run without DryRunOperation; treated as denied");
            } catch (AwsServiceException e) {
                String code = code(e);
                if (!"DryRunOperation".equals(code)) {
                    return new DryRunAnswer(false, true, "EC2 would refuse: " + code + ": " + message(e));
                }
            } catch (SdkException e) {
                throw new StepFailure("dry run of " + verb() + " in " + context.where() + " failed: " + message(e));
            }
        }
        return new DryRunAnswer(
                true,
                true,
                "EC2 DryRun answered DryRunOperation: " + verb() + " of " + ids.size() + " " + noun(ids.size())
                        + " would be allowed");
    }

    @Override
    public List<Outcome> execute(List<Target> targets) {
        Map<String, String> before = targets.stream()
                .collect(Collectors.toMap(Target::id, t -> t.state().orElse("?"), (a, b) -> a, LinkedHashMap::new));
        // One call at a time: each batch is audited as soon as EC2 has answered it.
        List<List<Outcome>> batches = Batches.run(
                batches(ids(targets)),
                1,
                context.stop(),
                batch -> reported(change(batch, before)),
                batch -> batch.stream()
                        .map(id -> Outcome.skipped(id, "stopped by Ctrl-C before this batch"))
                        .toList());
        return batches.stream().flatMap(List::stream).toList();
    }

    private List<Outcome> reported(List<Outcome> batch) {
        context.batches().completed(List.copyOf(batch));
        return batch;
    }

    /** One change call (TerminateInstances, StopInstances, ...): an outcome for every id of the batch. */
    private List<Outcome> change(List<String> batch, Map<String, String> before) {
        List<Outcome> out = new ArrayList<>();
        try {
            Calls.Changed<List<InstanceStateChange>> changes =
                    context.calls().change(apiName(), () -> action.change(ec2, batch, false));
            Set<String> reported = new LinkedHashSet<>();
            for (InstanceStateChange c : changes.value()) {
                reported.add(c.instanceId());
                // After a lost answer the retry's "previous state" is the first attempt's work.
                String was = changes.afterUnknown()
                        ? before.getOrDefault(c.instanceId(), "?")
                        : c.previousState().nameAsString();
                out.add(Outcome.done(
                        c.instanceId(),
                        was + " → " + c.currentState().nameAsString()
                                + (changes.afterUnknown()
                                        ? " (retried after an attempt whose outcome was unknown)"
                                        : "")));
            }
            batch.stream()
                    .filter(id -> !reported.contains(id))
                    .forEach(id -> out.add(Outcome.failed(id, "EC2 did not report a state change")));
        } catch (Calls.ChangeFailed f) {
            String why = describe(f.failure());
            if (f.outcomeUnknown()) {
                out.addAll(reconcile(batch, before, why));
            } else {
                // A clean refusal: EC2 refuses a whole call for one bad id, so every id of it failed alike.
                batch.forEach(id -> out.add(Outcome.failed(id, before.get(id) + ", unchanged: " + why)));
            }
        }
        return out;
    }

    /** The EC2 call, as retry notices and the progress line name it: "TerminateInstances". */
    private String apiName() {
        String name = action.name();
        return name.substring(name.indexOf(':') + 1);
    }

    /** How an outcome the re-read could not settle begins; {@link #await} watches such targets. */
    static final String UNKNOWN = "outcome unknown: ";

    /** How long a wait watches a target whose request got no answer, in case AWS still acts on it. */
    static final java.time.Duration UNKNOWN_WATCH = java.time.Duration.ofSeconds(60);

    /** The states that mean this action's change has been made (or is under way). */
    private Set<String> changedStates() {
        return action.changedStates();
    }

    @Override
    public Optional<String> alreadyDone(Target target) {
        return target.state().filter(changedStates()::contains).map(s -> "already " + s + ": nothing to " + verb());
    }

    /**
     * What became of a batch whose answer never came (DESIGN.md §4): its instances are read again and
     * each reported as it is — changed, or not changed yet with the warning that it still may be.
     */
    private List<Outcome> reconcile(List<String> batch, Map<String, String> before, String why) {
        Map<String, Instance> now;
        try {
            now = describeIds(batch);
        } catch (RuntimeException e) {
            String reread = e instanceof SdkException s ? describe(s) : String.valueOf(e.getMessage());
            return batch.stream()
                    .map(id -> Outcome.failed(
                            id,
                            "outcome unknown: " + why + "; reading the instance again failed too (" + reread
                                    + "): check it before running again"))
                    .toList();
        }
        List<Outcome> out = new ArrayList<>();
        for (String id : batch) {
            String state = now.containsKey(id) ? now.get(id).state().nameAsString() : "gone";
            if (changedStates().contains(state)) {
                out.add(Outcome.done(
                        id, before.get(id) + " → " + state + " (the answer was lost: " + why + "; state read again)"));
            } else {
                out.add(Outcome.failed(
                        id,
                        UNKNOWN + why + "; read again it is " + state
                                + " — the request may still take effect: run again to converge"));
            }
        }
        return out;
    }

    @Override
    public List<Outcome> await(List<Outcome> outcomes) {
        List<String> waiting = outcomes.stream()
                .filter(o -> o.status() == Outcome.Status.DONE)
                .map(Outcome::targetId)
                .toList();
        // A request whose answer never came may still be carried out: watched too, for a while.
        Set<String> unknown = new LinkedHashSet<>(outcomes.stream()
                .filter(o -> o.status() == Outcome.Status.FAILED && o.detail().startsWith(UNKNOWN))
                .map(Outcome::targetId)
                .toList());
        Instant unknownUntil = Instant.now()
                .plus(UNKNOWN_WATCH.compareTo(context.waitTimeout()) < 0 ? UNKNOWN_WATCH : context.waitTimeout());
        Set<String> changedMeanwhile = new LinkedHashSet<>();
        Map<String, String> states = new LinkedHashMap<>();
        try (Poll poll = Poll.showing(context, waitingFor(waiting, unknown))) {
            waiting = poll(waiting, unknown, unknownUntil, changedMeanwhile, states, poll);
        }
        Set<String> late = Set.copyOf(waiting);
        return outcomes.stream()
                .map(o -> settled(o, changedMeanwhile.contains(o.targetId()), late.contains(o.targetId()), states))
                .toList();
    }

    /** "waiting for i-0abc to reach terminated", "waiting for 3 instances to reach terminated". */
    private String waitingFor(List<String> waiting, Set<String> unknown) {
        int n = waiting.size() + unknown.size();
        String which = n == 1 ? (waiting.isEmpty() ? unknown.iterator().next() : waiting.get(0)) : n + " " + noun(n);
        return "waiting for " + which + " to reach " + finalState();
    }

    /** "shutting-down", or "2 shutting-down, 1 terminated": what the last look saw of those waited for. */
    private static String seen(List<String> asked, Map<String, String> states) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        asked.forEach(id -> counts.merge(states.getOrDefault(id, "gone"), 1, Integer::sum));
        if (counts.size() == 1 && asked.size() == 1) {
            return counts.keySet().iterator().next();
        }
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /**
     * Polls until every instance waited for is in the final state, the watch on unknown outcomes
     * ends, or the wait times out; returns those still not in the final state.
     */
    private List<String> poll(
            List<String> waiting,
            Set<String> unknown,
            Instant unknownUntil,
            Set<String> changedMeanwhile,
            Map<String, String> states,
            Poll poll) {
        boolean said = false;
        while (!waiting.isEmpty() || !unknown.isEmpty()) {
            List<String> asked = new ArrayList<>(waiting);
            asked.addAll(unknown);
            Map<String, Instance> now = describeIds(asked);
            now.forEach((id, i) -> states.put(id, i.state().nameAsString()));
            for (String id : List.copyOf(unknown)) {
                if (changedStates().contains(states.get(id))) {
                    unknown.remove(id);
                    changedMeanwhile.add(id);
                }
            }
            List<String> sawChange = List.copyOf(changedMeanwhile);
            waiting = java.util.stream.Stream.concat(waiting.stream(), sawChange.stream())
                    .distinct()
                    .filter(id -> !finalState().equals(states.get(id)))
                    .toList();
            if (Instant.now().isAfter(unknownUntil)) {
                unknown.clear();
            }
            if ((waiting.isEmpty() && unknown.isEmpty()) || poll.expired()) {
                break;
            }
            poll.saw(seen(asked, states));
            if (!said) {
                // Once: the progress board shows the wait as it goes on (live, or a line every 10 s).
                context.progress()
                        .accept("  waiting for " + (waiting.size() + unknown.size()) + " "
                                + noun(waiting.size() + unknown.size()) + " to be " + finalState() + " …");
                said = true;
            }
            poll.pause();
        }
        return waiting;
    }

    /** What the wait made of one outcome: seen in the final state, still changing, or changed after all. */
    private Outcome settled(Outcome o, boolean changedMeanwhile, boolean late, Map<String, String> states) {
        if (changedMeanwhile) {
            String state = states.getOrDefault(o.targetId(), "?");
            return Outcome.done(
                    o.targetId(),
                    (late ? state : finalState()) + " ("
                            + o.detail().substring(UNKNOWN.length()).split(";", 2)[0]
                            + " at first; AWS carried it out later, seen while guard waited)");
        }
        if (o.status() != Outcome.Status.DONE) {
            return o;
        }
        return late
                ? Outcome.done(
                        o.targetId(),
                        o.detail() + " (still " + states.getOrDefault(o.targetId(), "?") + " after "
                                + context.waitTimeout().toSeconds() + " s)")
                : Outcome.done(o.targetId(), o.detail().replaceFirst("→ \\S+", "→ " + finalState()));
    }

    private <T> T call(String what, java.util.function.Supplier<T> call) {
        return context.calls().call(what, call);
    }

    private static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static List<String> ids(List<Target> targets) {
        return targets.stream().map(Target::id).toList();
    }

    static List<List<String>> batches(List<String> ids) {
        return Batches.of(ids, InstanceInputs.MAX_IDS);
    }

    static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null
                ? "HTTP " + e.statusCode()
                : e.awsErrorDetails().errorCode();
    }

    private static String describe(SdkException e) {
        return Calls.timedOut(e)
                ? "no answer in time"
                : (e instanceof AwsServiceException a ? code(a) + ": " : "") + message(e);
    }

    static String message(SdkException e) {
        String m = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                ? a.awsErrorDetails().errorMessage()
                : e.getMessage();
        return m == null
                ? e.getClass().getSimpleName()
                : m.replaceAll("\\s+", " ").strip();
    }
}
