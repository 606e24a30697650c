package dev.guard.run;

import dev.guard.lock.LockKeys;
import dev.guard.lock.RunLock;
import dev.guard.plan.Plan;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The lock stage: before any AWS call or MFA code, a run that changes things locks the resources
 * its plan names, so a second run on them stops here; once discovered, what a selector matched is
 * locked too. Discovery-only runs and a sandbox inside this process lock nothing.
 */
final class RunLocks implements AutoCloseable {
    private final RunContext context;
    private final RunRequest request;
    private final String endpoint;
    private final List<String> keys;
    private final List<RunLock> held = new ArrayList<>();

    private RunLocks(RunContext context, RunRequest request) {
        this.context = context;
        this.request = request;
        this.endpoint = context.connection().endpoint().map(LockKeys::endpoint).orElse("aws");
        this.keys = LockKeys.of(endpoint, request.plan().steps());
    }

    static RunLocks take(RunContext context, RunRequest request) {
        RunLocks locks = new RunLocks(context, request);
        if (request.mode() == Executor.Mode.EXECUTE && !context.connection().privateSandbox()) {
            locks.held.add(locks.lock(locks.keys));
        }
        return locks;
    }

    /**
     * What a selector matched is locked too, before any confirmation: a run on one of those
     * instances by id (or by another selector) is excluded.
     */
    void lockMatched(List<Executor.Discovered> discovered) {
        if (held.isEmpty()) {
            return;
        }
        TreeSet<String> matched = new TreeSet<>();
        discovered.forEach(d -> matched.addAll(LockKeys.matched(
                endpoint, d.step(), d.targets().stream().map(t -> t.id()).toList())));
        matched.removeAll(keys);
        if (!matched.isEmpty()) {
            held.add(lock(List.copyOf(matched)));
        }
    }

    private RunLock lock(List<String> these) {
        Plan plan = request.plan();
        Path dir = context.env().stateHome().resolve("guard/locks");
        return RunLock.take(dir, these, plan.runbook().name(), request.breakLock(), Clock.systemUTC(), context.warn());
    }

    /** The matched resources first, then the plan's. */
    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).close();
        }
    }
}
