package dev.guard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Completion in {@code guard shell}, by position: command names first (and the global options);
 * then that command's subcommands or options, read from picocli's model of it; runbook names where
 * the command takes a RUNBOOK; after {@code -p}, the parameter names of the runbook on the line, and
 * once a name and {@code =} are typed, live values for it where they are cheap to list. Written by
 * hand rather than with picocli-shell-jline3: its completer knows options and subcommands but not
 * runbooks or their parameters, and it would own the reading loop the shell already has. JLine
 * filters the candidates by what is typed.
 */
final class ShellCompleter implements Completer {
    /** Where completion reads what the world has; each answers nothing rather than fail. */
    interface Sources {
        /** The runbook names {@code guard list} lists, as {@code run} takes them. */
        List<String> runbooks();

        /** The parameter names of the runbook named on the line. */
        List<String> parameters(String runbook);

        /**
         * Values for {@code parameter} of {@code runbook} that start with {@code prefix}, listed
         * live; empty when not cheap or not possible.
         */
        List<String> values(String runbook, String parameter, String prefix);

        /** The config's account aliases, for {@code --account} (exec, env, credential-process). */
        default List<String> accounts() {
            return List.of();
        }
    }

    private final CommandSpec root;
    private final Sources sources;
    private final Completer files = new Completers.FileNameCompleter();

    ShellCompleter(CommandSpec root, Sources sources) {
        this.root = root;
        this.sources = sources;
    }

    /** A completer over fixed answers, for tests. */
    static Sources sources(
            Supplier<List<String>> runbooks,
            Function<String, List<String>> parameters,
            BiFunction<String, String, List<String>> values) {
        return sources(runbooks, parameters, values, List::of);
    }

    static Sources sources(
            Supplier<List<String>> runbooks,
            Function<String, List<String>> parameters,
            BiFunction<String, String, List<String>> values,
            Supplier<List<String>> accounts) {
        return new Sources() {
            @Override
            public List<String> accounts() {
                return accounts.get();
            }

            @Override
            public List<String> runbooks() {
                return runbooks.get();
            }

            @Override
            public List<String> parameters(String runbook) {
                return parameters.apply(runbook);
            }

            @Override
            public List<String> values(String runbook, String parameter, String prefix) {
                return values.apply(runbook, parameter);
            }
        };
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before =
                line.words().subList(0, Math.min(line.wordIndex(), line.words().size()));
        String word =
                line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        try {
            complete(before, word, candidates);
        } catch (RuntimeException e) {
            // Completion never breaks the line being typed: no candidates instead.
        }
        if (candidates.size() == 1 && candidates.get(0) == FILES) {
            candidates.clear();
            files.complete(reader, line, candidates);
        }
    }

    /** Stands for "complete a file name here" until {@link #complete(LineReader, ParsedLine, List)} asks JLine's. */
    private static final Candidate FILES = new Candidate("");

    /** The candidates for {@code word}, typed after the words {@code before}. */
    void complete(List<String> before, String word, List<Candidate> out) {
        Position at = Position.of(root, before);
        if (at.pendingOption != null) {
            value(at, at.pendingOption, word, out);
        } else if (word.startsWith("-")) {
            at.spec.options().stream().filter(o -> !o.hidden()).forEach(o -> {
                for (String n : o.names()) {
                    out.add(new Candidate(n, n, null, first(o.description()), null, null, true));
                }
            });
        } else if (!at.spec.subcommands().isEmpty() && at.positionals.isEmpty()) {
            at.spec.subcommands().forEach((name, sub) -> {
                if (at.spec != root || Shell.offered(name)) {
                    out.add(new Candidate(
                            name,
                            name,
                            null,
                            first(sub.getCommandSpec().usageMessage().description()),
                            null,
                            null,
                            true));
                }
            });
            if (at.spec == root) {
                for (String n : List.of("clear", "exit", "quit")) {
                    out.add(new Candidate(n));
                }
            } else {
                // A command with both (audit: show, and verify|path) offers its words as well.
                positional(at, word, out);
            }
        } else {
            positional(at, word, out);
        }
    }

    private void positional(Position at, String word, List<Candidate> out) {
        List<CommandLine.Model.PositionalParamSpec> specs = at.spec.positionalParameters();
        int index = at.positionals.size();
        for (var p : specs) {
            if (p.index().contains(index)) {
                if (p.paramLabel().equals("RUNBOOK")) {
                    sources.runbooks().forEach(r -> out.add(new Candidate(r)));
                } else {
                    value(at, p, word, out);
                }
                return;
            }
        }
    }

    /** A value for {@code arg}: a parameter after -p, an enum's values, a file for FILE or DIR. */
    private void value(Position at, ArgSpec arg, String word, List<Candidate> out) {
        if (arg instanceof OptionSpec o && o.longestName().equals("--param")) {
            Optional<String> runbook = at.runbook();
            if (runbook.isEmpty()) {
                return;
            }
            int eq = word.indexOf('=');
            if (eq < 0) {
                for (String p : sources.parameters(runbook.get())) {
                    out.add(new Candidate(p + "=", p + "=", null, null, null, null, false));
                }
            } else {
                String name = word.substring(0, eq);
                for (String v : sources.values(runbook.get(), name, word.substring(eq + 1))) {
                    out.add(new Candidate(name + "=" + v, v, null, null, null, null, true));
                }
            }
        } else if (arg instanceof OptionSpec o && o.longestName().equals("--account")) {
            sources.accounts().forEach(a -> out.add(new Candidate(a)));
        } else if (arg.paramLabel().matches("[a-z-]+(\\|[a-z-]+)+")) {
            // A label that lists the words it takes (audit's "verify|path").
            for (String w : arg.paramLabel().split("\\|")) {
                out.add(new Candidate(w));
            }
        } else if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(c -> out.add(new Candidate(c)));
        } else if (arg.paramLabel().contains("FILE") || arg.paramLabel().contains("DIR")) {
            out.add(FILES);
        }
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? null : lines[0];
    }

    /**
     * Where the words typed so far leave the line: in which command (the root until a command name
     * is typed), its positional words, and an option still waiting for its value.
     */
    private static final class Position {
        CommandSpec spec;
        final List<String> positionals = new ArrayList<>();
        ArgSpec pendingOption;

        static Position of(CommandSpec root, List<String> words) {
            Position at = new Position();
            at.spec = root;
            for (String w : words) {
                if (at.pendingOption != null) {
                    at.pendingOption = null;
                    continue;
                }
                Map<String, CommandLine> subs = at.spec.subcommands();
                if (w.startsWith("-")) {
                    OptionSpec o = at.spec.findOption(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
                    if (o != null && !w.contains("=") && o.arity().min() > 0) {
                        at.pendingOption = o;
                    }
                } else if (at.positionals.isEmpty() && subs.containsKey(w)) {
                    at.spec = subs.get(w).getCommandSpec();
                } else {
                    at.positionals.add(w);
                }
            }
            return at;
        }

        /** The runbook on the line: the command's RUNBOOK positional, if typed. */
        Optional<String> runbook() {
            for (var p : spec.positionalParameters()) {
                if (p.paramLabel().equals("RUNBOOK") && p.index().min() < positionals.size()) {
                    return Optional.of(positionals.get(p.index().min()));
                }
            }
            return Optional.empty();
        }
    }
}
