package dev.guard.action;

import dev.guard.config.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which local files a runbook may upload. A runbook names files relative to its own directory
 * and stays inside it: no absolute paths, no {@code ..}, no symlink that resolves out of it. A
 * directory named with {@code --allow-files-from DIR} is allowed too (absolute paths and {@code
 * ..} may then point into it). {@link SecretFiles} are refused everywhere.
 *
 * @param allowed the directories allowed besides the runbook's, as real paths
 */
public record LocalFiles(List<Path> allowed, SecretFiles secrets) {
    public LocalFiles {
        allowed = List.copyOf(allowed);
    }

    /** A file, or why it is refused. */
    public sealed interface Checked {}

    public record Accepted(LocalFile file) implements Checked {}

    public record Refused(String why) implements Checked {}

    /** Only the runbook's own directory. */
    public static LocalFiles runbookDirectoryOnly(Environment env) {
        return new LocalFiles(List.of(), SecretFiles.of(env));
    }

    /**
     * @param directories as the user typed them ({@code --allow-files-from}); each must be an existing directory
     * @throws IllegalArgumentException naming the first that is not
     */
    public static LocalFiles allowing(Environment env, List<String> directories) {
        List<Path> real = new ArrayList<>();
        SecretFiles secrets = SecretFiles.of(env);
        for (String d : directories) {
            Path p = env.resolve(d);
            try {
                real.add(p.toRealPath());
            } catch (IOException | InvalidPathException e) {
                throw new IllegalArgumentException("--allow-files-from " + d + ": no such directory");
            }
            if (!Files.isDirectory(real.get(real.size() - 1))) {
                throw new IllegalArgumentException("--allow-files-from " + d + ": not a directory");
            }
            secrets.why(real.get(real.size() - 1)).ifPresent(why -> {
                throw new IllegalArgumentException("--allow-files-from " + d + ": refused, " + why);
            });
        }
        return new LocalFiles(real, secrets);
    }

    /** Checks {@code written} (a runbook's {@code file:} value) against the rule and reads the file. */
    public Checked check(Path runbookDirectory, String written) {
        Path relative;
        try {
            relative = Path.of(written);
        } catch (InvalidPathException e) {
            return new Refused("'" + written + "' is not a file path");
        }
        if (written.startsWith("~")) {
            return new Refused("'" + written + "': ~ is not expanded here; name the file relative to the runbook");
        }
        boolean escapes = relative.isAbsolute();
        for (Path part : relative) {
            escapes |= part.toString().equals("..");
        }
        Path link = runbookDirectory.resolve(relative).normalize();
        Optional<String> secret = secrets.why(link);
        if (secret.isPresent()) {
            return new Refused("refusing to upload " + link + ": " + secret.get());
        }
        Path real;
        try {
            real = link.toRealPath();
        } catch (NoSuchFileException e) {
            return new Refused("no such file: " + link);
        } catch (IOException e) {
            return new Refused("cannot read " + link + " (" + e.getClass().getSimpleName() + ")");
        }
        secret = secrets.why(real);
        if (secret.isPresent()) {
            return new Refused("refusing to upload " + link + " (resolves to " + real + "): " + secret.get());
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return new Refused(link + " is not a regular file");
        }
        boolean inRunbookDirectory = !escapes
                && realDirectory(runbookDirectory).map(real::startsWith).orElse(false);
        boolean inAllowed = allowed.stream().anyMatch(real::startsWith);
        if (!inRunbookDirectory && !inAllowed) {
            return new Refused(outside(written, link, real, escapes));
        }
        try {
            return new Accepted(LocalFile.of(written, link, real));
        } catch (IOException e) {
            return new Refused(e.getMessage() == null ? "cannot read " + link : e.getMessage());
        }
    }

    private static String outside(String written, Path link, Path real, boolean escapes) {
        String what = !escapes
                ? link + " resolves to " + real + ", outside the runbook's directory"
                : Path.of(written).isAbsolute()
                        ? "'" + written + "' is an absolute path outside the runbook's directory"
                        : "'" + written + "' uses '..' to leave the runbook's directory";
        return what + "; a runbook uploads only files in its own directory (or one allowed with"
                + " --allow-files-from DIR)";
    }

    private static Optional<Path> realDirectory(Path dir) {
        try {
            return Optional.of(dir.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
