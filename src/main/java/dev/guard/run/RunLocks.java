package dev.guard.run;

import dev.guard.action.StopSignal;
import dev.guard.aws.AwsClients;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.CredentialBroker;
import dev.guard.error.GuardException;
import dev.guard.lock.LockHolder;
import dev.guard.lock.LockKeys;
import dev.guard.lock.LockTable;
import dev.guard.lock.RunLock;
import dev.guard.lock.SharedLock;
import dev.guard.plan.Plan;
import dev.guard.term.Printable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The lock stage: before any AWS call or MFA code, a run that changes things locks the resources
 * its plan names on this machine, so a second run on them stops here (exit 7); with a lock table
 * configured ({@code locks:}), once the caller is known and before any MFA prompt, it takes them in
 * the table too, for runners on other machines. Once discovered, what a selector matched is locked
 * too. Discovery-only runs and a sandbox inside this process lock nothing.
 */
final class RunLocks implements AutoCloseable {
    private final RunContext context;
    private final RunRequest request;
    private final String endpoint;
    private final List<String> keys;
    private final LockHolder holder;
    private final List<RunLock> held = new ArrayList<>();
    // Read by the stop signal, which bulk actions may check from their worker threads.
    private final List<SharedLock> shared = new CopyOnWriteArrayList<>();
    private LockTable.Connected table;

    private RunLocks(RunContext context, RunRequest request) {
        this.context = context;
        this.request = request;
        this.endpoint = context.connection().endpoint().map(LockKeys::endpoint).orElse("aws");
        this.keys = LockKeys.of(endpoint, request.plan().steps());
        Plan plan = request.plan();
        // Built from the plan, never from argv: the command line may hold an MFA code.
        this.holder = request.saved()
                .planFile()
                .map(file -> LockHolder.of(plan.runbook().name(), "apply", file))
                .orElseGet(() -> LockHolder.of(
                        plan.runbook().name(), "run", plan.shownAs().toString()));
    }

    static RunLocks take(RunContext context, RunRequest request) {
        RunLocks locks = new RunLocks(context, request);
        if (locks.locking()) {
            locks.held.add(locks.lock(locks.keys));
        }
        return locks;
    }

    private boolean locking() {
        return request.mode() == Executor.Mode.EXECUTE && !context.connection().privateSandbox();
    }

    /**
     * The shared locks, when the config names a lock table: taken with the base credentials, which
     * must be of the table's account.
     */
    void takeShared(CredentialBroker.Caller caller) {
        Optional<GuardConfig.Locks> config = context.config().locks();
        if (!locking() || config.isEmpty()) {
            return;
        }
        if (!config.get().accountId().equals(caller.accountId())) {
            throw GuardException.invalid("locks.account is " + config.get().accountId() + ", but the base credentials"
                    + " act as " + caller.arn() + " in account " + caller.accountId() + ": the lock table "
                    + config.get().table() + " is reached with them. Nothing was changed");
        }
        table = LockTable.connect(
                context.connection(),
                config.get(),
                AwsClients.attemptTimeout(context.env().get(AwsClients.ATTEMPT_TIMEOUT_VARIABLE)));
        shared.add(share(keys));
    }

    private SharedLock share(List<String> these) {
        return SharedLock.take(
                table.table(),
                these,
                holder,
                request.breakLock(),
                timeout(),
                SharedLock.Timing.DEFAULT,
                Clock.systemUTC(),
                this::warn);
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
            if (table != null) {
                shared.add(share(List.copyOf(matched)));
            }
        }
    }

    private RunLock lock(List<String> these) {
        Path dir = context.env().stateHome().resolve("guard/locks");
        return RunLock.take(dir, these, holder, request.breakLock(), timeout(), Clock.systemUTC(), this::warn);
    }

    /** A lock's line on stderr: it names a runbook file and resources, escaped like every other. */
    private void warn(String line) {
        context.warn().accept(Printable.of(line));
    }

    private Duration timeout() {
        return request.lockTimeout() == null ? Duration.ZERO : request.lockTimeout();
    }

    /** Why the run no longer holds a shared lock, once it does not. */
    Optional<String> lost() {
        return shared.stream().flatMap(s -> s.lost().stream()).findFirst();
    }

    /**
     * The run's stop signal, raised also when a shared lock is lost (its heartbeat found the item
     * cleared or taken, or could not refresh it for a minute): the run stops before its next change,
     * as for a Ctrl-C, and {@link Pipeline} reports it as exit 7.
     */
    StopSignal watch(StopSignal operator) {
        return watch(operator, this::lost);
    }

    /** {@code operator}'s signal, also raised once {@code lost} says why. */
    static StopSignal watch(StopSignal operator, Supplier<Optional<String>> lost) {
        return new StopSignal() {
            @Override
            public boolean requested() {
                return operator.requested() || lost.get().isPresent();
            }

            @Override
            public boolean stopWaiting() {
                return operator.stopWaiting();
            }

            @Override
            public String cause() {
                return lost.get().map(why -> "a lost lock (" + why + ")").orElseGet(operator::cause);
            }

            @Override
            public void sleep(Duration pause) throws InterruptedException {
                operator.sleep(pause);
            }
        };
    }

    /** The matched resources first, then the plan's; shared ones before local ones. */
    @Override
    public void close() {
        for (int i = shared.size() - 1; i >= 0; i--) {
            shared.get(i).close();
        }
        if (table != null) {
            table.close();
        }
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).close();
        }
    }
}
