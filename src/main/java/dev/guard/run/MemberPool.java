package dev.guard.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs the members of an account set on a fixed pool: at most {@code maxConcurrency} at once,
 * started in member order (the pool's queue is first in, first out), each asking {@code mayStart}
 * just before it begins — the error budget and Ctrl-C stop new starts, never a member under way.
 * A worker that throws (an audit write that failed) stops new starts too, but the members under way
 * are never interrupted: their calls may already have reached AWS, so each finishes (showing and
 * recording its outcome) before the failure is rethrown and the run releases its locks.
 * Workers never touch the terminal: every prompt is asked before the pool starts.
 */
final class MemberPool {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private MemberPool() {}

    /**
     * @return each item's result in item order; empty for an item that was not started
     * @throws RuntimeException the first worker's failure (the others' suppressed), once every
     *     started item has finished
     */
    static <T, R> List<Optional<R>> run(
            List<T> items, int maxConcurrency, BooleanSupplier mayStart, Function<T, R> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger workers = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(maxConcurrency, items.size()), r -> {
            Thread t = new Thread(r, "guard-member-" + pool + "-" + workers.incrementAndGet());
            t.setDaemon(true); // a worker never keeps the JVM alive past the run
            return t;
        });
        AtomicBoolean broken = new AtomicBoolean();
        try {
            List<Future<Optional<R>>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(executor.submit(() -> {
                    if (broken.get() || !mayStart.getAsBoolean()) {
                        return Optional.<R>empty();
                    }
                    try {
                        return Optional.ofNullable(work.apply(item));
                    } catch (RuntimeException | Error e) {
                        broken.set(true); // before the next item asks to start
                        throw e;
                    }
                }));
            }
            List<Optional<R>> results = new ArrayList<>();
            Throwable first = null;
            for (Future<Optional<R>> f : futures) {
                try {
                    results.add(get(f));
                } catch (RuntimeException | Error e) {
                    results.add(Optional.empty());
                    if (first == null) {
                        first = e;
                    } else if (first != e) {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error err) {
                throw err;
            }
            return results;
        } finally {
            // Every future is done by now (or the waiting thread itself failed): nothing is interrupted.
            executor.shutdown();
        }
    }

    private static <R> Optional<R> get(Future<Optional<R>> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // Ctrl-C reaches the workers through the stop signal, not here
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
