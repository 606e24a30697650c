package dev.guard.lock;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The locks of one run shared across machines (DESIGN.md §7.4): an item per key in a DynamoDB
 * table, written with a conditional PutItem, kept alive by a heartbeat (a conditional UpdateItem
 * every {@link Timing#heartbeat}, moving {@code heartbeat} and {@code ttl}) and deleted, again
 * conditionally, when the run ends. An item whose heartbeat is {@link Timing#staleAfter} old was
 * left by a run that died: it is reported, never taken, until the operator clears it ({@code guard
 * unlock --shared KEY}) or says {@code --break-lock}. An item past its TTL counts as absent, as
 * DynamoDB itself would soon delete it.
 *
 * <p>A holding whose heartbeat finds its item gone or another's, or that could not refresh it for
 * {@link Timing#staleAfter}, is lost: {@link #lost()} says why, and the run stops before its next
 * change.
 */
public final class SharedLock implements AutoCloseable {
    /** How often a holder beats, when others count it stale, its TTL, how often a waiting run looks. */
    public record Timing(Duration heartbeat, Duration staleAfter, Duration ttl, Duration poll) {
        public static final Timing DEFAULT =
                new Timing(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(1));
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LockTable table;
    private final Timing timing;
    private final Clock clock;
    private final Consumer<String> say;
    // Written while taking, read by the heartbeat thread: a key taken first beats while the run
    // waits (--lock-timeout) for the next, so it never looks stale meanwhile.
    private final List<SharedLockItem> held = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService beats;
    private volatile String lost;
    private volatile Instant lastBeat;

    private SharedLock(LockTable table, Timing timing, Clock clock, Consumer<String> say) {
        this.table = table;
        this.timing = timing;
        this.clock = clock;
        this.say = say;
        this.lastBeat = clock.instant();
        this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guard-lock-heartbeat");
            t.setDaemon(true); // never keeps a finished (or killed) run's JVM alive
            return t;
        });
    }

    /**
     * Takes an item for every key, or none.
     *
     * @param breakStale take over items whose holder stopped beating ({@code --break-lock})
     * @param timeout how long to wait for a live holder ({@code --lock-timeout}; zero: not at all)
     * @param say told once that the run waits, and of each item taken over
     * @throws GuardException 7 when a live run holds a key (after the timeout) or a stale item is in
     *     the way; 1 when DynamoDB cannot be used (nothing is held then)
     */
    public static SharedLock take(
            LockTable table,
            List<String> keys,
            LockHolder holder,
            boolean breakStale,
            Duration timeout,
            Timing timing,
            Clock clock,
            Consumer<String> say) {
        SharedLock lock = new SharedLock(table, timing, clock, say);
        long every = timing.heartbeat().toMillis();
        lock.beats.scheduleWithFixedDelay(lock::beat, every, every, TimeUnit.MILLISECONDS);
        Instant deadline = clock.instant().plus(timeout);
        boolean[] announced = {false};
        try {
            for (String key : keys) {
                lock.held.add(lock.takeOne(key, holder, breakStale, deadline, timeout, announced));
            }
        } catch (SdkException e) {
            lock.close();
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not take the shared lock in DynamoDB table " + table.name() + ": " + problem(e)
                            + "; nothing was changed");
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    private SharedLockItem takeOne(
            String key,
            LockHolder holder,
            boolean breakStale,
            Instant deadline,
            Duration timeout,
            boolean[] announced) {
        String token = HexFormat.of().formatHex(bytes());
        while (true) {
            Instant now = clock.instant();
            SharedLockItem me = item(key, token, holder, now);
            if (table.put(me, Optional.empty(), now)) {
                return me;
            }
            Optional<SharedLockItem> there = table.get(key);
            if (there.isEmpty()) {
                continue; // released between the two calls: try again
            }
            SharedLockItem other = there.get();
            if (other.token().equals(token)) {
                return me; // our own put, whose answer was lost
            }
            if (other.stale(now, timing.staleAfter().toSeconds())) {
                if (!breakStale) {
                    throw refused(
                            key,
                            "by a guard run that stopped sending heartbeats (killed, crashed or cut off): "
                                    + other.describe() + ", " + other.lastHeartbeat(now),
                            STALE_ADVICE);
                }
                if (table.put(me, there, now)) {
                    say.accept("took over the shared lock on " + key + " left by " + other.describe() + ", "
                            + other.lastHeartbeat(now) + " (--break-lock)");
                    return me;
                }
                continue;
            }
            if (timeout.isZero() || !now.isBefore(deadline)) {
                throw refused(
                        key,
                        "by another guard run, still running: " + other.describe(),
                        timeout.isZero()
                                ? "wait for it to end (or pass --lock-timeout, e.g. 5m, to wait)"
                                : "it was still running after " + LockTimeout.format(timeout));
            }
            if (!announced[0]) {
                announced[0] = true;
                say.accept("waiting for the shared lock on " + key + " held by " + other.describe() + " (up to "
                        + LockTimeout.format(timeout) + ")");
            }
            pause();
        }
    }

    static final String STALE_ADVICE = "it may have stopped half-way: check what it did (its audit log), then clear"
            + " the lock with guard unlock --shared KEY (or run again with --break-lock to take it over)";

    private GuardException refused(String key, String who, String advice) {
        return new GuardException(
                ExitCode.LOCKED,
                key + " is locked in DynamoDB table " + table.name() + " " + who + "; "
                        + advice.replace("KEY", "'" + key + "'") + ". Nothing was changed");
    }

    private void pause() {
        try {
            Thread.sleep(timing.poll().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuardException(
                    ExitCode.INTERRUPTED, "interrupted waiting for the shared lock; nothing was changed");
        }
    }

    private SharedLockItem item(String key, String token, LockHolder holder, Instant now) {
        Owner me = Owner.current();
        return new SharedLockItem(
                key,
                token,
                me.pid(),
                me.host(),
                holder.user(),
                holder.command(),
                holder.runbook(),
                now.toString(),
                now.getEpochSecond(),
                now.plus(timing.ttl()).getEpochSecond());
    }

    private static byte[] bytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    /** One heartbeat for every item held; a failed condition, or no success for too long, loses the lock. */
    void beat() {
        Instant now = clock.instant();
        for (SharedLockItem item : List.copyOf(held)) {
            try {
                if (!table.refresh(
                        item.key(),
                        item.token(),
                        now.getEpochSecond(),
                        now.plus(timing.ttl()).getEpochSecond())) {
                    lost = "the shared lock on " + item.key() + " was cleared or taken by another run";
                    return;
                }
            } catch (SdkException | IllegalStateException e) {
                if (Duration.between(lastBeat, now).compareTo(timing.staleAfter()) >= 0) {
                    lost = "the shared lock on " + item.key() + " could not be refreshed for "
                            + timing.staleAfter().toSeconds() + " s (" + problem(e) + "): others now read it as stale";
                }
                return;
            }
        }
        lastBeat = now;
    }

    /** Stops the heartbeat and keeps the items: what a killed run leaves (for tests of staleness). */
    void abandon() {
        beats.shutdownNow();
        held.clear();
    }

    /** Why the run no longer holds its shared lock, once it does not. */
    public Optional<String> lost() {
        return Optional.ofNullable(lost);
    }

    /** Stops the heartbeat and deletes each item still this run's. */
    @Override
    public void close() {
        beats.shutdownNow();
        try {
            beats.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SharedLockItem item : held) {
            try {
                table.delete(item.key(), item.token(), Optional.empty());
            } catch (SdkException e) {
                say.accept("could not release the shared lock on " + item.key() + " (" + problem(e)
                        + "); it reads as stale once its heartbeat is "
                        + timing.staleAfter().toSeconds() + " s old");
            }
        }
        held.clear();
    }

    /**
     * {@code guard unlock --shared KEY}: deletes the item of a run that stopped beating.
     *
     * @return what was done, as one line
     * @throws GuardException 7 when its holder still beats
     */
    public static String clear(LockTable table, String key, Timing timing, Clock clock) {
        Instant now = clock.instant();
        try {
            Optional<SharedLockItem> there = table.get(key);
            if (there.isEmpty()) {
                return "no shared lock on " + key + " in table " + table.name() + ": nothing to clear";
            }
            SharedLockItem item = there.get();
            if (!item.stale(now, timing.staleAfter().toSeconds()) && !item.expired(now)) {
                throw new GuardException(
                        ExitCode.LOCKED,
                        key + " is held in table " + table.name() + " by a guard run that is still running: "
                                + item.describe() + ", " + item.lastHeartbeat(now)
                                + "; guard unlock never clears a live run's lock. Nothing was changed");
            }
            if (!table.delete(key, item.token(), Optional.of(item.heartbeat()))) {
                throw new GuardException(
                        ExitCode.LOCKED,
                        key + " changed in table " + table.name() + " while it was being cleared (its holder came"
                                + " back, or another run took it); nothing was changed");
            }
            return "cleared the shared lock on " + key + " left by " + item.describe() + ", " + item.lastHeartbeat(now)
                    + "; that run may have stopped half-way: check what it did (its audit log) before running it again";
        } catch (SdkException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not read the shared lock table " + table.name() + ": " + problem(e)
                            + "; nothing was changed");
        }
    }

    /** One line for an AWS error, its code first; never a credential (AWS does not echo them). */
    static String problem(SdkException e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorCode() + ": "
                    + String.valueOf(a.awsErrorDetails().errorMessage()).replaceAll("\\s+", " ");
        }
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
    }

    private static String problem(RuntimeException e) {
        return e instanceof SdkException s ? problem(s) : String.valueOf(e.getMessage());
    }
}
