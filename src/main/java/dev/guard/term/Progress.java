package dev.guard.term;

import java.util.function.Supplier;

/**
 * What a run is doing now, for the operator to see while nothing else moves: tasks with a label
 * ("reading targets of step 2/3", "ec2 DescribeInstances in development"), an optional count out of
 * a total, and what is being waited for ("shutting-down"). Tasks nest: one opened while another is
 * open is shown after it. Where it is shown, and how often, is the {@link ProgressBoard}'s business;
 * a task costs a few field writes, so reporting into {@link #NONE} (quiet, JSON, tests) costs nothing.
 */
public interface Progress {
    /** Nothing shown. */
    Progress NONE = label -> Task.NONE;

    /** Opens a task; close it when the work ends (try-with-resources). Thread-safe. */
    Task start(String label);

    /** {@code work}, shown as the task {@code label} while it runs. */
    default <T> T during(String label, Supplier<T> work) {
        Task task = start(label);
        try {
            return work.get();
        } finally {
            task.close();
        }
    }

    /** One piece of work under way. Thread-safe: bulk batches report from their own threads. */
    interface Task extends AutoCloseable {
        /** A task of {@link Progress#NONE}. */
        Task NONE = new Task() {
            @Override
            public Task total(long total) {
                return this;
            }

            @Override
            public void count(long done) {}

            @Override
            public void awaiting(String what) {}

            @Override
            public void close() {}
        };

        /** How many there are in all: the count is then shown as {@code count/total}. */
        Task total(long total);

        /** How many are done so far. */
        void count(long done);

        /** What the task is waiting for now ("shutting-down", "2 stopping, 1 stopped"); empty for none. */
        void awaiting(String what);

        @Override
        void close();
    }
}
