package dev.guard.apply;

import dev.guard.action.ActionRegistry;
import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.JsonException;
import dev.guard.lock.LockHolder;
import dev.guard.lock.RunLock;
import dev.guard.plan.Organization;
import dev.guard.plan.Plan;
import dev.guard.run.SavedRun;
import dev.guard.saved.SavedPlan;
import dev.guard.saved.SavedPlanBody;
import dev.guard.saved.SavedStep;
import dev.guard.term.Terminal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code guard apply FILE}, the checks made before any AWS call, in order: the digest (edited →
 * 8), the expiry (8), this plan's earlier applies (applied → 8 with when and how it ended; one
 * running → 7; interrupted → resume), the runbook file (8) and the config (8) unchanged, and every
 * step re-derived offline from the runbook and the saved parameters (8 if one no longer resolves
 * to the saved step). What passes is {@link Prepared}: the plan to run and the hooks that hold the
 * live run to the saved plan (the caller's account, the endpoint, exactly the saved targets).
 */
public final class Applier {
    private final ActionRegistry actions;
    private final GuardConfig config;
    private final Environment env;
    private final Terminal terminal;
    private final Clock clock;
    private final Consumer<String> warn;
    private Organization organization = Organization.UNAVAILABLE;

    /** @param warn one line each for stderr (a lock taken over) */
    /**
     * Reads AWS Organizations (with the base credentials) to re-resolve account sets that select
     * from it: a set whose members changed since the plan was made is refused as drift.
     */
    public Applier reading(Organization organization) {
        this.organization = organization;
        return this;
    }

    public Applier(
            ActionRegistry actions,
            GuardConfig config,
            Environment env,
            Terminal terminal,
            Clock clock,
            Consumer<String> warn) {
        this.actions = actions;
        this.config = config;
        this.env = env;
        this.terminal = terminal;
        this.clock = clock;
        this.warn = warn;
    }

    /**
     * The offline checks; the returned plan holds the lock on its digest until closed.
     *
     * @throws GuardException exit 8 (refused), 7 (being applied now), 2 (not a saved plan)
     */
    public Prepared prepare(Path file, boolean breakLock) {
        SavedPlan saved = SavedPlan.read(file);
        try {
            return prepare(file, saved, breakLock);
        } catch (JsonException e) {
            // A digest that matches a body without the fields plan -o writes: made by hand.
            throw GuardException.invalid(
                    file + ": not a saved plan guard can apply (" + e.getMessage() + "); nothing was changed");
        }
    }

    private Prepared prepare(Path file, SavedPlan saved, boolean breakLock) {
        if (!clock.instant().isBefore(saved.expiresAt())) {
            throw refused(file + ": the saved plan expired at " + saved.expiresAt() + " (made " + saved.createdAt()
                    + "); the world it saw may have changed: make a new one with guard plan --live -o");
        }
        Path dir = env.stateHome().resolve("guard/applied");
        AppliedRecord record = AppliedRecord.open(dir, saved.digest(), saved.id());
        AppliedRecord.Status before = record.status();
        refuseByRecord(before, record, saved);
        RunLock lock =
                lockDigest(file, saved, breakLock || (before == AppliedRecord.Status.INTERRUPTED && record.killed()));
        try {
            // Read again under the lock: another apply may have started since.
            record = AppliedRecord.open(dir, saved.digest(), saved.id());
            AppliedRecord.Status status = record.status();
            refuseByRecord(status, record, saved);
            SavedPlanChecks checks = new SavedPlanChecks(actions, config, env, terminal).reading(organization);
            checks.runbook(saved);
            checks.config(saved);
            Plan plan = checks.replan(saved);
            return new Prepared(file, saved, plan, record, status, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static void refuseByRecord(AppliedRecord.Status status, AppliedRecord record, SavedPlan saved) {
        switch (status) {
            case RUNNING ->
                throw new GuardException(
                        ExitCode.LOCKED,
                        "plan " + saved.id() + " is being applied now: " + record.lastAttempt()
                                + "; nothing was changed");
            case APPLIED ->
                throw refused("plan " + saved.id() + " was applied already: " + record.lastAttempt() + " (record "
                        + record.file() + "); make a new plan with guard plan --live -o");
            default -> {}
        }
    }

    /** One apply of a plan at a time; the lock a killed apply of it left is this apply's to take. */
    private RunLock lockDigest(Path file, SavedPlan saved, boolean resuming) {
        try {
            return RunLock.take(
                    env.stateHome().resolve("guard/locks"),
                    List.of("plan " + saved.digest()),
                    LockHolder.of(saved.body().object("runbook").string("name"), "apply", file.toString()),
                    resuming,
                    java.time.Duration.ZERO,
                    clock,
                    warn);
        } catch (GuardException e) {
            if (e.exitCode() == ExitCode.ABORTED || e.exitCode() == ExitCode.LOCKED) {
                throw new GuardException(ExitCode.LOCKED, e.getMessage());
            }
            throw e;
        }
    }

    static GuardException refused(String message) {
        return new GuardException(
                ExitCode.PLAN_REFUSED,
                message + (message.endsWith("Nothing was changed") ? "" : ". Nothing was changed"));
    }

    /** A saved plan that passed the offline checks, holding the lock on its digest. */
    public final class Prepared implements AutoCloseable {
        private final Path file;
        private final SavedPlan saved;
        private final Plan plan;
        private final AppliedRecord record;
        private final AppliedRecord.Status status;
        private final boolean killed;
        private final RunLock lock;
        private boolean started;

        private Prepared(
                Path file,
                SavedPlan saved,
                Plan plan,
                AppliedRecord record,
                AppliedRecord.Status status,
                RunLock lock) {
            this.file = file;
            this.saved = saved;
            this.plan = plan;
            this.record = record;
            this.status = status;
            this.killed = record.killed();
            this.lock = lock;
        }

        public SavedPlan saved() {
            return saved;
        }

        /** The runbook planned again: what the pipeline runs. */
        public Plan plan() {
            return plan;
        }

        /** Whether this apply resumes one that was interrupted: what it did is left alone. */
        public boolean resuming() {
            return status == AppliedRecord.Status.INTERRUPTED;
        }

        /** How the earlier apply ended, when resuming. */
        public String resumes() {
            return record.lastAttempt() + "; " + record.doneCount() + " target(s) done then";
        }

        /**
         * Whether the run may take over locks left by a dead run: the killed apply of this very
         * plan left them (its record names it), and the drift check covers what it did.
         */
        public boolean takesOverLocks() {
            return resuming() && killed;
        }

        /** The endpoint the live run goes to must be the plan's: another world is not the one it saw. */
        public void checkEndpoint(String endpoint) {
            String then = saved.body().string("endpoint");
            if (!then.equals(endpoint)) {
                throw refused("the plan was made against " + then + ", this apply goes to " + endpoint);
            }
        }

        /** The live run's hooks: the caller's account checked, exactly the saved targets, the approvers. */
        public SavedRun savedRun(List<String> approvers) {
            String account = saved.body().object("caller").string("account");
            return new SavedRun(
                    arn -> {
                        record.caller(arn);
                        String now = SavedPlanBody.accountOf(arn);
                        if (!account.equals(now)) {
                            throw refused("the plan was made in account " + account + " (by " + saved.planner()
                                    + "); the caller now is " + arn + " in account " + now);
                        }
                    },
                    new SavedTargets(SavedStep.of(saved), record.doneSoFar(), resuming()),
                    approvers,
                    java.util.Optional.of(file.toString()));
        }

        /**
         * The run's audit trail, also feeding the applied-plan record: the plan's id and digest after
         * {@code run.start}, and each target done as its outcomes are written.
         */
        public AuditTrail audit(AuditTrail inner, List<String> approvers) {
            return event -> {
                inner.write(event);
                if (event instanceof AuditEvent.RunStart) {
                    inner.write(new AuditEvent.ApplyStart(
                            saved.id(), saved.digest(), file.toAbsolutePath().toString(), resuming(), approvers));
                } else if (event instanceof AuditEvent.Batch b) {
                    record.done(b.step(), doneIds(b.outcomes()), clock.instant());
                } else if (event instanceof AuditEvent.Outcomes o) {
                    record.done(o.step(), doneIds(o.outcomes()), clock.instant());
                }
            };
        }

        private static List<String> doneIds(List<dev.guard.action.Outcome> outcomes) {
            return outcomes.stream()
                    .filter(o -> o.status() == dev.guard.action.Outcome.Status.DONE)
                    .map(dev.guard.action.Outcome::targetId)
                    .toList();
        }

        /** The apply begins: recorded before any AWS call. */
        public void started() {
            record.started(
                    file.toAbsolutePath().toString(),
                    env.get("USER").or(() -> env.get("LOGNAME")).orElse(System.getProperty("user.name")),
                    clock.instant());
            started = true;
        }

        /** The apply ended (reported, refused or failed): recorded, if it started. */
        public void ended(int exitCode, String summary) {
            if (started) {
                record.ended(exitCode, Objects.requireNonNullElse(summary, ""), clock.instant());
            }
        }

        @Override
        public void close() {
            lock.close();
        }
    }
}
