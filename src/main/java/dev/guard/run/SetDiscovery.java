package dev.guard.run;

import dev.guard.action.StopSignal;
import dev.guard.plan.AccountSet;
import dev.guard.plan.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the targets of a set step's members, {@code maxConcurrency} at once: one line per member
 * (each member's lines printed together, whatever the others do meanwhile), a member that cannot be
 * read failed on its own.
 */
final class SetDiscovery {
    private final Discovery discovery;
    private final Consumer<String> out;
    private final StopSignal stop;

    SetDiscovery(Discovery discovery, Consumer<String> out, StopSignal stop) {
        this.discovery = discovery;
        this.out = out;
        this.stop = stop;
    }

    /** @return every member as read; empty when Ctrl-C stopped it before every member was */
    Optional<List<Executor.Discovered>> discover(List<PlannedStep> members, int steps) {
        PlannedStep first = members.get(0);
        AccountSet set = first.set().orElseThrow();
        out.accept("");
        out.accept("Step " + first.number() + "/" + steps + " " + set.stepId() + " — "
                + first.action().name()
                + " in " + SetSteps.reach(set) + " (from " + set.sourcesLine() + "), "
                + Math.min(set.maxConcurrency(), members.size()) + " at once");
        List<Optional<Executor.Discovered>> read =
                MemberPool.run(members, set.maxConcurrency(), () -> !stop.requested(), member -> {
                    List<String> lines = new ArrayList<>();
                    Executor.Discovered d = discovery.discover(member, new StepView(lines::add));
                    synchronized (out) {
                        lines.forEach(out);
                    }
                    return d;
                });
        if (read.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        List<Executor.Discovered> all = read.stream().map(Optional::get).toList();
        int targets = all.stream().mapToInt(d -> d.targets().size()).sum();
        long failed = all.stream().filter(d -> d.failure().isPresent()).count();
        out.accept("  → " + first.action().name() + ": " + targets + " "
                + all.get(0).operation().noun(targets)
                + " in " + all.stream().filter(d -> !d.targets().isEmpty()).count() + " of " + members.size()
                + " member" + (members.size() == 1 ? "" : "s")
                + (failed > 0 ? "; " + failed + " could not be read" : ""));
        return Optional.of(all);
    }
}
