package dev.guard.cli;

import dev.guard.credentials.Connection;
import dev.guard.plan.RunbookLoader;
import dev.guard.plan.RunbookLocator;
import dev.guard.run.LiveValues;
import dev.guard.runbook.Parameter;
import dev.guard.runbook.Runbook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the shell's completion reads: the runbooks {@code guard list} lists and their parameters,
 * read afresh at each Tab (runbooks are small files, and one just edited should complete at once);
 * live values of a parameter through the shell's connection and MFA session ({@link LiveValues}),
 * kept for the shell's life.
 */
final class ShellSources implements ShellCompleter.Sources {
    private final Session session;

    private final Connection connection;

    /** Live values already read, by runbook, parameter and typed prefix: for the shell's life. */
    private final Map<List<String>, LiveValues.Listing> listed = new ConcurrentHashMap<>();

    /** Where live values are read, so a slow endpoint costs the Tab a bounded wait, never a hang. */
    private final ExecutorService reader = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "guard-completion");
        t.setDaemon(true);
        return t;
    });

    ShellSources(Session session, Connection connection) {
        this.session = session;
        this.connection = connection;
    }

    @Override
    public List<String> accounts() {
        return session.config().accounts().keySet().stream().sorted().toList();
    }

    /** Runbooks at the top of the runbook directory by name, as run takes them; deeper ones by path. */
    @Override
    public List<String> runbooks() {
        Path dir = session.config().runbookDirectory();
        RunbookLocator locator = session.locator();
        List<String> names = new ArrayList<>();
        for (Path file : RunbookLocator.runbooksIn(dir)) {
            String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            names.add(file.getParent().equals(dir) ? name : locator.shown(file).toString());
        }
        return names;
    }

    @Override
    public List<String> parameters(String runbook) {
        Path file = session.locator().locate(runbook);
        return new RunbookLoader(session.actions(), session.config())
                .load(file, file)
                .runbook()
                .map(r -> r.parameters().stream().map(Parameter::name).toList())
                .orElse(List.of());
    }

    /**
     * Live values, read at most once per shell for a runbook, parameter and prefix (a complete
     * listing, not cut at a page, also answers any longer prefix); nothing after {@link #WAIT}.
     */
    @Override
    public List<String> values(String runbook, String parameter, String prefix) {
        Path file = session.locator().locate(runbook);
        for (var e : listed.entrySet()) {
            List<String> key = e.getKey();
            if (key.get(0).equals(file.toString())
                    && key.get(1).equals(parameter)
                    && prefix.startsWith(key.get(2))
                    && (key.get(2).equals(prefix) || e.getValue().complete())) {
                return e.getValue().values().stream()
                        .filter(v -> v.startsWith(prefix))
                        .toList();
            }
        }
        Runbook loaded = new RunbookLoader(session.actions(), session.config())
                .load(file, file)
                .runbook()
                .orElseThrow();
        Future<LiveValues.Listing> values = reader.submit(
                () -> new LiveValues(session.actions(), session.config(), session.context.env(), connection)
                        .listing(loaded, session.locator().shown(file), parameter, prefix));
        try {
            LiveValues.Listing got = values.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (!got.values().isEmpty()) {
                listed.put(List.of(file.toString(), parameter, prefix), got);
            }
            return got.values();
        } catch (ExecutionException | TimeoutException e) {
            values.cancel(true);
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** How long a Tab waits for live values. */
    static final Duration WAIT = Duration.ofSeconds(3);
}
