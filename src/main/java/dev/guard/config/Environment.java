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
        return new Environment(Path.of("").toAbsolutePath(), System.getenv(), home(System.getenv()));
    }

    /**
     * {@code $HOME}, as the AWS CLI and every shell use it, falling back to Java's {@code user.home}
     * (which comes from the password database and ignores a changed {@code HOME}).
     */
    static Path home(Map<String, String> variables) {
        String home = variables.get("HOME");
        if (home != null && !home.isBlank()) {
            try {
                Path p = Path.of(home);
                if (p.isAbsolute()) {
                    return p.normalize();
                }
            } catch (java.nio.file.InvalidPathException e) {
                // fall through to user.home
            }
        }
        return Path.of(System.getProperty("user.home"));
    }

    /** A variable, treating an empty value as unset (as NO_COLOR and most tools do). */
    public Optional<String> get(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Resolves a user-supplied path: {@code ~/} is the home directory, relative is the working directory. */
    public Path resolve(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return home.resolve(path.substring(Math.min(2, path.length()))).normalize();
        }
        return workingDirectory.resolve(path).normalize();
    }

    /** An XDG base directory; the specification says relative ones are to be ignored. */
    private Optional<Path> xdg(String name) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(value.get());
            return p.isAbsolute() ? Optional.of(p) : Optional.empty();
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** {@code $XDG_CONFIG_HOME}, defaulting to {@code ~/.config}. */
    public Path configHome() {
        return xdg("XDG_CONFIG_HOME").orElse(home.resolve(".config"));
    }

    /** {@code $XDG_STATE_HOME}, defaulting to {@code ~/.local/state}. */
    public Path stateHome() {
        return xdg("XDG_STATE_HOME").orElse(home.resolve(".local/state"));
    }

    /** {@code $XDG_CACHE_HOME}, defaulting to {@code ~/.cache}. */
    public Path cacheHome() {
        return xdg("XDG_CACHE_HOME").orElse(home.resolve(".cache"));
    }
}
