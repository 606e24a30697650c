package dev.guard.term;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link Progress} of one run, shown one of two ways:
 *
 * <ul>
 *   <li><b>live</b>, on a terminal: a {@link StatusLine} at the bottom, redrawn a few times a second
 *       while a task has run for more than half a second, hidden when none is open;
 *   <li><b>periodic</b>, anywhere else (a pipe, a log, cron): a plain line on the run's own stream
 *       when work has gone on for {@code every} (10 s unless told), then again every {@code every}
 *       while it goes on — none for work that ends sooner.
 * </ul>
 *
 * A daemon thread does the redrawing; {@link #printing} serialises the run's own lines with it, so a
 * line is never written in the middle of a redraw. Close it when the run ends: the live line is
 * removed and the thread stops.
 */
public final class ProgressBoard implements Progress, AutoCloseable {
    /** How long a task runs before the live line shows it: quick calls never flicker. */
    static final Duration LIVE_AFTER = Duration.ofMillis(500);

    /** How often the live line is redrawn. */
    static final Duration REDRAW = Duration.ofMillis(200);

    /** How often a plain line is written while work goes on, unless told otherwise. */
    public static final Duration EVERY = Duration.ofSeconds(10);

    private final Object lock = new Object();
    private final Clock clock;
    private final Optional<StatusLine> live;
    private final Consumer<String> lines;
    private final Duration every;
    private final List<Open> open = new ArrayList<>();
    private ScheduledExecutorService ticker;
    private String shown = "";
    private Instant lastLine;
    private boolean closed;

    private ProgressBoard(Clock clock, Optional<StatusLine> live, Consumer<String> lines, Duration every) {
        this.clock = clock;
        this.live = live;
        this.lines = lines;
        this.every = every;
    }

    /** A live line on {@code line}. */
    public static ProgressBoard live(StatusLine line, Clock clock) {
        return new ProgressBoard(clock, Optional.of(line), text -> {}, EVERY);
    }

    /** Plain lines to {@code lines} every {@code every} while work goes on. */
    public static ProgressBoard periodic(Consumer<String> lines, Duration every, Clock clock) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("a period of progress lines must be positive, not " + every);
        }
        return new ProgressBoard(clock, Optional.empty(), lines, every);
    }

    /** {@code sink}, its lines written between redraws: never in the middle of one. */
    public Consumer<String> printing(Consumer<String> sink) {
        return line -> {
            synchronized (lock) {
                sink.accept(line);
            }
        };
    }

    @Override
    public Task start(String label) {
        Open task = new Open(label, clock.instant());
        synchronized (lock) {
            if (closed) {
                return Task.NONE;
            }
            open.add(task);
            if (ticker == null) {
                ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "guard-progress");
                    t.setDaemon(true);
                    return t;
                });
                // Plain lines: checked ten times a period (at most once a second), so each is late by little.
                long period =
                        live.isPresent() ? REDRAW.toMillis() : Math.max(100, Math.min(1000, every.toMillis() / 10));
                ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
            }
        }
        return task;
    }

    /** One redraw (live) or check for a due line (periodic); the ticker calls it, tests too. */
    void tick() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            List<ProgressText.Shown> tasks = open.stream().map(Open::shown).toList();
            if (live.isPresent()) {
                redraw(tasks, now);
            } else {
                due(tasks, now).ifPresent(lines);
            }
        }
    }

    private void redraw(List<ProgressText.Shown> tasks, Instant now) {
        boolean showing = !tasks.isEmpty() && ProgressText.elapsed(tasks, now).compareTo(LIVE_AFTER) >= 0;
        String text = showing ? Printable.of(ProgressText.live(tasks, now)) : "";
        if (text.equals(shown)) {
            return;
        }
        if (text.isEmpty()) {
            live.get().hide();
        } else {
            live.get().show(text);
        }
        shown = text;
    }

    /**
     * The plain line due now, if any: once the outermost task has run for {@code every}, and again
     * each {@code every} after the last line; work that ends sooner never gets one.
     */
    Optional<String> due(List<ProgressText.Shown> tasks, Instant now) {
        if (tasks.isEmpty()) {
            lastLine = null;
            return Optional.empty();
        }
        Instant started = tasks.get(0).started();
        Instant from = lastLine != null && lastLine.isAfter(started) ? lastLine : started;
        if (Duration.between(from, now).compareTo(every) < 0) {
            return Optional.empty();
        }
        lastLine = now;
        return Optional.of(ProgressText.plain(tasks, now));
    }

    /** Removes the live line and stops the thread; tasks opened later show nothing. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = ticker;
            if (!shown.isEmpty()) {
                live.ifPresent(StatusLine::hide);
                shown = "";
            }
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
    }

    /** A task on this board. */
    private final class Open implements Task {
        private final String label;
        private final Instant started;
        private long count;
        private long total = -1;
        private String awaiting = "";

        Open(String label, Instant started) {
            this.label = label;
            this.started = started;
        }

        ProgressText.Shown shown() {
            return new ProgressText.Shown(label, started, count, total, awaiting);
        }

        @Override
        public Task total(long total) {
            synchronized (lock) {
                this.total = total;
            }
            return this;
        }

        @Override
        public void count(long done) {
            synchronized (lock) {
                this.count = done;
            }
        }

        @Override
        public void awaiting(String what) {
            synchronized (lock) {
                this.awaiting = what == null ? "" : what;
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                open.remove(this);
                if (open.isEmpty() && !shown.isEmpty() && !closed) {
                    // At once, not at the next redraw: a prompt may follow (the confirmation).
                    live.ifPresent(StatusLine::hide);
                    shown = "";
                }
            }
        }
    }
}
