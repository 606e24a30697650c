package dev.guard.action;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Bulk work in batches with bounded concurrency (DESIGN.md §4), the one way actions fan out: a list
 * split into batches of at most N, run at most K at a time, results in the batches' order.
 */
public final class Batches {
    private Batches() {}

    /** {@code items} in consecutive batches of at most {@code size}, in order (views of the list). */
    public static <T> List<List<T>> of(List<T> items, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a batch holds at least one item, not " + size);
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return out;
    }

    /** {@link #run(List, int, StopSignal, Function, Function, Consumer)} with nothing to see results early. */
    public static <T, R> List<R> run(
            List<T> batches, int inFlight, StopSignal stop, Function<T, R> work, Function<T, R> whenStopped) {
        return run(batches, inFlight, stop, work, whenStopped, result -> {});
    }

    /**
     * Runs {@code work} on every batch, at most {@code inFlight} at once, and returns the results in
     * the batches' order.
     *
     * <ul>
     *   <li>{@code stop} is checked as each batch is about to start: a batch that finds it requested
     *       is never started, and yields {@code whenStopped} instead (the operator's Ctrl-C skips
     *       the rest; batches already under way finish and keep their answers).
     *   <li>{@code inOrder} sees each result on the caller's thread, in order, as soon as it and
     *       every earlier one are in: progress lines.
     *   <li>The first exception, in the batches' order, is thrown here as it was thrown (a
     *       RuntimeException or Error: {@code work} declares no other); the batches not yet started
     *       are then not started.
     *   <li>One batch, or one in flight, runs on the caller's thread: no pool for sequential work.
     * </ul>
     */
    public static <T, R> List<R> run(
            List<T> batches,
            int inFlight,
            StopSignal stop,
            Function<T, R> work,
            Function<T, R> whenStopped,
            Consumer<R> inOrder) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("at least one batch in flight, not " + inFlight);
        }
        Function<T, R> checked = batch -> stop.requested() ? whenStopped.apply(batch) : work.apply(batch);
        List<R> out = new ArrayList<>(batches.size());
        if (inFlight == 1 || batches.size() <= 1) {
            for (T batch : batches) {
                R result = checked.apply(batch);
                inOrder.accept(result);
                out.add(result);
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(inFlight, batches.size()));
        try {
            List<Future<R>> results = new ArrayList<>(batches.size());
            for (T batch : batches) {
                results.add(pool.submit(() -> checked.apply(batch)));
            }
            for (Future<R> result : results) {
                R r = result.get();
                inOrder.accept(r);
                out.add(r);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while waiting for the answers of " + batches.size() + " batches");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new StepFailure("a batch failed: " + e.getCause());
        } finally {
            pool.shutdownNow(); // after a failure, the batches not started never are
        }
    }
}
