package dev.guard.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment guard depends on — working directory, variables, home — as a value, so
 * tests run commands against a controlled one instead of the developer's real configuration.
 */
public record Environment(Path workingDirectory, Map<String, String> variables, Path home) {
    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment system() {
        // $HOME, as every other tool reads it: the JVM's user.home comes from the password database
        // and ignores HOME=/tmp/x, so state (locks, the audit log) would land elsewhere than asked.
        String home = System.getenv("HOME");
        return new Environment(
                Path.of("").toAbsolutePath(),
                System.getenv(),
                Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home));
    }

    /** A variable, treating an empty value as unset (as NO_COLOR and most tools do). */
    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isEmpty());
    }

    /** Resolves a user-supplied path: {@code ~/} is the home directory, relative is the working directory. */
    public Path resolve(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return home.resolve(path.substring(Math.min(2, path.length()))).normalize();
        }
        return workingDirectory.resolve(path).normalize();
    }

    /** {@code $XDG_CONFIG_HOME}, defaulting to {@code ~/.config}. */
    public Path configHome() {
        return get("XDG_CONFIG_HOME").map(Path::of).orElse(home.resolve(".config"));
    }

    /** {@code $XDG_STATE_HOME}, defaulting to {@code ~/.local/state}. */
    public Path stateHome() {
        return get("XDG_STATE_HOME").map(Path::of).orElse(home.resolve(".local/state"));
    }

    /** {@code $XDG_CACHE_HOME}, defaulting to {@code ~/.cache}. */
    public Path cacheHome() {
        return get("XDG_CACHE_HOME").map(Path::of).orElse(home.resolve(".cache"));
    }
}
