package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.ActionRegistry;
import dev.guard.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code guard list} lists: each runbook named, with its actions and description, or why it is invalid. */
class CatalogTest {
    @TempDir
    Path dir;

    private Catalog catalog() {
        return new Catalog(ActionRegistry.standard(), Runbooks.config(), new Environment(dir, Map.of(), dir));
    }

    @Test
    void aValidRunbookIsListedByNameWithEachActionOnce() throws Exception {
        Files.copy(Runbooks.EXAMPLES.resolve("mixed-maintenance.yaml"), dir.resolve("m.yaml"));

        Catalog.Entry e = catalog().in(dir).get(0);

        assertThat(e.file()).isEqualTo("m.yaml");
        assertThat(e.valid()).isTrue();
        assertThat(e.name()).isEqualTo("mixed-maintenance");
        assertThat(e.actions()).isNotEmpty().doesNotHaveDuplicates();
        assertThat(e.description()).isNotBlank();
    }

    @Test
    void anInvalidRunbookIsNamedByItsFileAndSaysWhatToRun() throws Exception {
        Files.writeString(dir.resolve("broken.yml"), "apiVersion: guard/v1\nkind: Nonsense\n");
        Files.createDirectories(dir.resolve(".hidden"));
        Files.writeString(dir.resolve(".hidden/skipped.yaml"), "x: 1\n");
        Files.writeString(dir.resolve("notes.txt"), "not a runbook\n");

        List<Catalog.Entry> entries = catalog().in(dir);

        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.valid()).isFalse();
            assertThat(e.name()).isEqualTo("broken");
            assertThat(e.actions()).isEmpty();
            assertThat(e.description()).matches("INVALID: \\d+ problem\\(s\\); run guard validate broken.yml");
        });
    }

    @Test
    void aMissingDirectoryIsOneClearLine() {
        assertThatThrownBy(() -> catalog().in(dir.resolve("nope")))
                .hasMessage(dir.resolve("nope") + ": no such directory");
    }
}
