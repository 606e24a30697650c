package dev.guard.plan;

import dev.guard.error.ProblemsException;
import dev.guard.runbook.Parameter;
import dev.guard.runbook.Runbook;
import dev.guard.term.Printable;
import dev.guard.term.Terminal;
import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Node;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every declared parameter a value: {@code -p name=value} first, then {@code
 * --params-file}, then the declared default, then — only on a terminal — a prompt. Every value
 * must match its pattern. Without a terminal a missing value is an error, never a wait on stdin.
 */
public final class ParameterResolver {
    private static final int PROMPT_ATTEMPTS = 3;

    private final Terminal terminal;

    public ParameterResolver(Terminal terminal) {
        this.terminal = terminal;
    }

    /**
     * @param missingAllowed leave parameters nobody gave out of the result instead of failing: an
     *     offline plan can still show the runbook's shape (the value stays {@code ${name}})
     */
    public Map<String, String> resolve(
            Runbook runbook,
            Map<String, String> given,
            Optional<Path> paramsFile,
            Path shownAs,
            boolean missingAllowed) {
        Map<String, String> supplied = new LinkedHashMap<>();
        // No lambdas on this path: on JDK 17 each costs ~60 µs to link at its first call (a plan's start-up).
        if (paramsFile.isPresent()) {
            supplied.putAll(readParamsFile(paramsFile.get()));
        }
        supplied.putAll(given);
        List<String> errors = new ArrayList<>();
        for (String name : supplied.keySet()) {
            if (runbook.parameter(name).isEmpty()) {
                // Raw here: the terminal shows every message escaped (term.Printable), JSON exact.
                errors.add(shownAs + ": unknown parameter '" + name + "': " + declared(runbook));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : runbook.parameters()) {
            String named = supplied.get(p.name());
            Optional<String> value = named != null ? Optional.of(named) : p.defaultValue();
            if (value.isEmpty() && terminal.interactive()) {
                value = prompt(p);
            }
            if (value.isEmpty() && missingAllowed) {
                continue;
            }
            // Problems with a parameter point at its declaration, where its pattern is.
            String at = shownAs + ":" + p.position() + ": ";
            if (value.isEmpty()) {
                errors.add(at + "missing parameter '" + p.name() + "'"
                        + p.description().map(d -> " (" + d + ")").orElse("") + ": pass -p " + p.name()
                        + "=VALUE or --params-file FILE");
                continue;
            }
            String v = value.get();
            Optional<String> problem = p.problemWith(v);
            if (problem.isPresent()) {
                errors.add(at + "parameter '" + p.name() + "': " + problem.get());
            } else {
                values.put(p.name(), v);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemsException(errors);
        }
        return values;
    }

    private Optional<String> prompt(Parameter p) {
        String label = p.name() + p.description().map(d -> " — " + d).orElse("")
                + p.pattern().map(x -> " [" + x.pattern() + "]").orElse("") + ": ";
        for (int attempt = 0; attempt < PROMPT_ATTEMPTS; attempt++) {
            Optional<String> answer =
                    terminal.readLine(Printable.of(label)).map(String::strip).filter(s -> !s.isEmpty());
            if (answer.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> problem = p.problemWith(answer.get());
            if (problem.isEmpty()) {
                return answer;
            }
            terminal.println("  " + Printable.of(problem.get()));
        }
        terminal.println("  no valid value after " + PROMPT_ATTEMPTS + " attempts");
        return Optional.empty();
    }

    private static String declared(Runbook runbook) {
        return runbook.parameters().isEmpty()
                ? "the runbook declares no parameters"
                : "the runbook declares "
                        + String.join(
                                ", ",
                                runbook.parameters().stream()
                                        .map(Parameter::name)
                                        .toList());
    }

    /** A YAML (or JSON) mapping of parameter names to scalar values. */
    static Map<String, String> readParamsFile(Path file) {
        Problems problems = new Problems(file);
        Map<String, String> out = new LinkedHashMap<>();
        Optional<Node> root = YamlReader.read(file, problems);
        root.flatMap(r -> Fields.of(r, "", problems)).ifPresent(f -> {
            for (MapNode.Entry e : f.node().entries()) {
                if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
                    out.put(e.key(), s.text());
                } else {
                    problems.add(
                            e.value().position(),
                            e.key() + ": a parameter value must be a single value, got "
                                    + e.value().kindName());
                }
            }
        });
        if (!problems.isEmpty()) {
            throw ProblemsException.of(problems);
        }
        return out;
    }
}
