package dev.guard.cli;

import dev.guard.credentials.Connection;
import dev.guard.plan.RunbookLoader;
import dev.guard.plan.RunbookLocator;
import dev.guard.runbook.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the shell's completion reads: the runbooks {@code guard list} lists and their parameters,
 * read afresh at each Tab (runbooks are small files, and one just edited should complete at once).
 */
final class ShellSources implements ShellCompleter.Sources {
    private final Session session;

    @SuppressWarnings("unused") // the live values of parameters will be read through it
    private final Connection connection;

    ShellSources(Session session, Connection connection) {
        this.session = session;
        this.connection = connection;
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

    @Override
    public List<String> values(String runbook, String parameter) {
        return List.of();
    }
}
