package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.yaml.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of mistake a runbook can contain is refused before any AWS call, with a {@code
 * file:line:col: message} a person can act on. The corpus lives in {@code runbooks/broken/}: one
 * file per mistake, whose first line says where the problem is reported and what it says.
 */
class BrokenRunbooksTest {
    private final RunbookLoader loader = Runbooks.loader();

    static Stream<Runbooks.Broken> corpus() {
        return Runbooks.broken();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBrokenRunbookIsRefusedWithItsPositionedProblem(Runbooks.Broken broken) {
        Path shown = Path.of("broken", broken.file().getFileName().toString());

        RunbookLoader.Result result = loader.load(broken.file(), shown);

        assertThat(result.ok()).isFalse();
        assertThat(result.runbook()).isEmpty();
        String prefix = broken.fileLevel() ? shown + ": " : shown + ":" + broken.position() + ": ";
        assertThat(problems(result))
                .as("problems of %s", shown)
                .anySatisfy(p -> assertThat(p).startsWith(prefix).contains(broken.message()));
    }

    @Test
    void theCorpusCoversEveryKindOfMistakeOnce() {
        List<String> names =
                Runbooks.broken().map(b -> b.toString().replace(".yaml", "")).toList();
        assertThat(names)
                .hasSizeGreaterThanOrEqualTo(60)
                .contains("duplicate-key", "yaml-billion-laughs", "selector-without-max-targets", "confirm-no");
        // Each file is broken in exactly one way: its expected problem is the first one reported.
        // (Follow-on problems of the same mistake may come after it.)
        Runbooks.broken().forEach(b -> {
            List<Problem> problems =
                    loader.load(b.file(), Path.of("f")).problems().sorted();
            assertThat(problems.get(0).toString()).as(b.toString()).contains(b.message());
        });
    }

    @Test
    void anEmptyFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("empty.yaml"), new byte[0]);

        assertThat(problems(loader.load(file, Path.of("empty.yaml"))))
                .containsExactly("empty.yaml:1:1: the file is empty");
    }

    @Test
    void aFileWithNulBytesIsRefusedAsBinary(@TempDir Path dir) throws IOException {
        byte[] bytes = "apiVersion: guard/v1\nkind: Runbook\0\0\0\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("binary.yaml"), bytes);

        assertThat(problems(loader.load(file, Path.of("binary.yaml"))))
                .containsExactly("binary.yaml: not a text file (contains NUL bytes); expected YAML");
    }

    @Test
    void aFileLargerThanOneMebibyteIsRefusedUnread(@TempDir Path dir) throws IOException {
        byte[] bytes = new byte[1024 * 1024 + 1];
        Arrays.fill(bytes, (byte) '#');
        Path file = Files.write(dir.resolve("huge.yaml"), bytes);

        assertThat(problems(loader.load(file, Path.of("huge.yaml"))))
                .singleElement()
                .asString()
                .startsWith("huge.yaml: file is larger than the limit of 1048576 bytes (1 MiB)");
    }

    @Test
    void aFileOfExactlyOneMebibyteIsStillRead(@TempDir Path dir) throws IOException {
        byte[] bytes = new byte[1024 * 1024];
        Arrays.fill(bytes, (byte) '#');
        Path file = Files.write(dir.resolve("big.yaml"), bytes);

        // Read as YAML (all comment), so the size limit is not what refuses it.
        assertThat(problems(loader.load(file, Path.of("big.yaml")))).containsExactly("big.yaml:1:1: the file is empty");
    }

    @Test
    void invalidUtf8IsRefused(@TempDir Path dir) throws IOException {
        byte[] bytes = {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};
        Path file = Files.write(dir.resolve("latin1.yaml"), bytes);

        assertThat(problems(loader.load(file, Path.of("latin1.yaml"))))
                .containsExactly("latin1.yaml: not valid UTF-8 text; expected YAML");
    }

    @Test
    void aMissingFileIsReportedNotThrown(@TempDir Path dir) {
        assertThat(problems(loader.load(dir.resolve("nope.yaml"), Path.of("nope.yaml"))))
                .containsExactly("nope.yaml: no such file");
    }

    @Test
    void aDirectoryIsNotARunbook(@TempDir Path dir) {
        assertThat(problems(loader.load(dir, Path.of("runbooks"))))
                .containsExactly("runbooks: is a directory, not a YAML file");
    }

    @Test
    void everyMistakeInOneFileIsReportedInOnePass() {
        Path file = Runbooks.BROKEN.resolve("unknown-with-key.yaml");

        // Both the unknown key and the missing choice it causes are reported, in file order.
        assertThat(problems(loader.load(file, Path.of("r.yaml"))))
                .containsExactly(
                        "r.yaml:14:7: unknown key 'instanceId' in steps[0].with (allowed: instanceIds, selector);"
                                + " did you mean 'instanceIds'?",
                        "r.yaml:14:7: steps[0].with: give exactly one of instanceIds or selector");
    }

    @Test
    void unreadableInstanceIdsAreNotMistakenForASelector() {
        // Every id is an alias (refused); the step must not also be told it needs maxTargets.
        Path file = Runbooks.BROKEN.resolve("yaml-billion-laughs.yaml");

        assertThat(problems(loader.load(file, Path.of("r.yaml")))).noneMatch(p -> p.contains("selector"));
    }

    private static List<String> problems(RunbookLoader.Result result) {
        return result.problems().sorted().stream().map(Problem::toString).toList();
    }
}
