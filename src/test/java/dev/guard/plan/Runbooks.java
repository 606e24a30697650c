package dev.guard.plan;

import dev.guard.action.ActionRegistry;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's runbooks as test data: the examples in {@code runbooks/}, the broken corpus
 * in {@code src/test/resources/runbooks/broken/}, and a loader configured by the repository's own
 * {@code config/guard.yaml} (Maven runs tests in the project directory).
 */
final class Runbooks {
    static final Path REPOSITORY = Path.of("").toAbsolutePath();
    static final Path EXAMPLES = REPOSITORY.resolve("runbooks");
    static final Path BROKEN = REPOSITORY.resolve("src/test/resources/runbooks/broken");

    private static final Pattern EXPECT = Pattern.compile("# expect: (?:(\\d+:\\d+)|file) (.+)");
    private static final Pattern SCHEMA = Pattern.compile("# schema: (rejects|accepts)");

    private Runbooks() {}

    /** What a broken runbook's two header lines promise. */
    record Broken(Path file, String position, String message, boolean schemaRejects) {
        boolean fileLevel() {
            return position == null;
        }

        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static GuardConfig config() {
        Environment env = new Environment(REPOSITORY, Map.of(), REPOSITORY.resolve("target/no-home"));
        return new ConfigLoader(env)
                .read(REPOSITORY.resolve("config/guard.yaml"))
                .config()
                .orElseThrow(() -> new IllegalStateException("config/guard.yaml does not load"));
    }

    static RunbookLoader loader() {
        return new RunbookLoader(ActionRegistry.standard(), config());
    }

    static Stream<Path> examples() {
        return yamlFiles(EXAMPLES).stream();
    }

    static Stream<Broken> broken() {
        return yamlFiles(BROKEN).stream().map(Runbooks::header);
    }

    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Broken header(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher expect = EXPECT.matcher(lines.isEmpty() ? "" : lines.get(0));
        Matcher schema = SCHEMA.matcher(lines.size() < 2 ? "" : lines.get(1));
        if (!expect.matches() || !schema.matches()) {
            throw new IllegalStateException(file + ": the first two lines must be '# expect: LINE:COL message'"
                    + " (or '# expect: file message') and '# schema: rejects|accepts'");
        }
        return new Broken(
                file, expect.group(1), expect.group(2), schema.group(1).equals("rejects"));
    }
}
