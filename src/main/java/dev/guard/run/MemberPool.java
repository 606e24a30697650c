package dev.guard.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs the members of an account set on a fixed pool: at most {@code maxConcurrency} at once,
 * started in member order (the pool's queue is first in, first out), each asking {@code mayStart}
 * just before it begins — the error budget and Ctrl-C stop new starts, never a member under way.
 * Workers never touch the terminal: every prompt is asked before the pool starts.
 */
final class MemberPool {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private MemberPool() {}

    /**
     * @return each item's result in item order; empty for an item that was not started
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
        try {
            List<Future<Optional<R>>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(executor.submit(
                        () -> mayStart.getAsBoolean() ? Optional.ofNullable(work.apply(item)) : Optional.<R>empty()));
            }
            List<Optional<R>> results = new ArrayList<>();
            for (Future<Optional<R>> f : futures) {
                results.add(get(f));
            }
            return results;
        } finally {
            executor.shutdownNow();
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
