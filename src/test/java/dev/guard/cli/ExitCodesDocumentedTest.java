package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.error.ExitCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every exit code guard can return is explained where a scheduler's author looks: --help and the README. */
class ExitCodesDocumentedTest {
    static List<Integer> codes() {
        return Arrays.stream(ExitCode.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == int.class)
                .map(ExitCodesDocumentedTest::value)
                .toList();
    }

    private static int value(Field f) {
        try {
            return f.getInt(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theContractHasTheCodesOfScheduledMaintenance() {
        assertThat(codes()).contains(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 130);
    }

    @Test
    void everyExitCodeIsInTheHelp() {
        String help = new CliRunner().run("--help").out();
        String section = help.substring(help.indexOf("Exit codes:"));
        for (int code : codes()) {
            assertThat(section).as("exit code %d in --help", code).containsPattern("(?m)^  " + code + "  \\S");
        }
    }

    @Test
    void everyExitCodeIsInTheReadmeTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Exit codes"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        for (int code : codes()) {
            assertThat(section).as("exit code %d in the README", code).containsPattern("(?m)^\\| " + code + " \\| \\S");
        }
    }

    @Test
    void theSavedPlanCodesSayWhatTheyMean() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String help = new CliRunner().run("--help").out();
        for (String text : List.of(readme.substring(readme.indexOf("## Exit codes")), help)) {
            assertThat(row(text, 7)).contains("lock").contains("guard unlock");
            assertThat(row(text, 8)).contains("expired").contains("already applied");
            assertThat(row(text, 9)).contains("approvals");
            assertThat(row(text, 3)).contains("drift");
            // Saved plans are being built: 6 no longer names them.
            assertThat(row(text, 6))
                    .doesNotContain("apply")
                    .doesNotContain("-o")
                    .doesNotContain("--expires-in");
        }
    }

    /** The line that documents {@code code} in a README table row or the --help list, with its continuation. */
    private static String row(String text, int code) {
        Matcher m = Pattern.compile("(?m)^(?:\\| " + code + " \\||  " + code + "  )(.*(?:\\n     \\S.*)?)")
                .matcher(text);
        assertThat(m.find()).as("code %d documented", code).isTrue();
        return m.group(1);
    }
}
