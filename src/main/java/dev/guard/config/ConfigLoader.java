package dev.guard.config;

import dev.guard.yaml.Fields;
import dev.guard.yaml.Node;
import dev.guard.yaml.OwnDocument;
import dev.guard.yaml.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds and reads {@code guard.yaml}. Precedence: {@code --config}, {@code $GUARD_CONFIG}, {@code
 * ./config/guard.yaml}, {@code $XDG_CONFIG_HOME/guard/config.yaml}. A file named explicitly must
 * exist; the others are optional. Relative paths inside the file are relative to the file.
 * {@link ConfigParser} reads the file's keys.
 */
public final class ConfigLoader {
    /** A config, or the problems that stopped it from loading (never both). */
    public record Result(Optional<GuardConfig> config, Problems problems) {}

    private final Environment env;

    public ConfigLoader(Environment env) {
        this.env = env;
    }

    /** Where the config would be read from, and whether it was named explicitly. */
    public Optional<Path> locate(Optional<String> flag) {
        if (flag.isPresent()) {
            if (flag.get().isBlank()) {
                // Path.of("") is the working directory: "'': is a directory" says nothing useful.
                throw dev.guard.error.GuardException.invalid("--config: an empty file name; name a guard config file");
            }
            return Optional.of(env.resolve(flag.get()));
        }
        Optional<String> variable = env.get("GUARD_CONFIG");
        if (variable.isPresent()) {
            return Optional.of(env.resolve(variable.get()));
        }
        for (Path candidate : List.of(
                env.workingDirectory().resolve("config/guard.yaml"),
                env.configHome().resolve("guard/config.yaml"))) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public Result load(Optional<String> flag) {
        Optional<Path> path = locate(flag);
        if (path.isEmpty()) {
            return new Result(Optional.of(GuardConfig.empty(env)), new Problems(Path.of("guard.yaml")));
        }
        return read(path.get());
    }

    public Result read(Path file) {
        Problems problems = new Problems(relative(file));
        Optional<GuardConfig> config = Optional.empty();
        Optional<Node> document = OwnDocument.read(file, problems, "config file");
        if (document.isPresent()) {
            Optional<Fields> root = Fields.of(document.get(), "", problems);
            if (root.isPresent()) {
                config = Optional.of(new ConfigParser(env, file, root.get(), problems).config());
            }
        }
        return problems.isEmpty() ? new Result(config, problems) : new Result(Optional.empty(), problems);
    }

    private Path relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(env.workingDirectory()) ? env.workingDirectory().relativize(abs) : abs;
    }
}
