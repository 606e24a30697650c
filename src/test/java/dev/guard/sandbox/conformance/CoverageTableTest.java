package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * README's coverage table says what the sandbox models; each service's {@code modelledOperations()}
 * is what it does. They must agree, row by row: a failure names the rows to change and what to
 * write in them.
 */
class CoverageTableTest {
    private static final String START = "<!-- coverage:start -->";
    private static final String END = "<!-- coverage:end -->";

    /** The table's names for the services, in its order. */
    private static final Map<String, String> NAMES = Map.of(
            "sts",
            "STS",
            "iam",
            "IAM",
            "ec2",
            "EC2",
            "dynamodb",
            "DynamoDB",
            "s3",
            "S3",
            "organizations",
            "Organizations");

    @Test
    void readmeCoverageTableListsExactlyTheModelledOperations() throws Exception {
        Map<String, TreeSet<String>> table = table(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        List<String> changes = new ArrayList<>();
        try (SandboxFixture f = new SandboxFixture()) {
            for (Service service : f.sandbox.services()) {
                String name = NAMES.getOrDefault(service.signingName(), service.signingName());
                TreeSet<String> modelled = new TreeSet<>(service.modelledOperations());
                TreeSet<String> listed = table.remove(name);
                if (!modelled.equals(listed)) {
                    TreeSet<String> missing = new TreeSet<>(modelled);
                    if (listed != null) {
                        missing.removeAll(listed);
                    }
                    TreeSet<String> extra = listed == null ? new TreeSet<>() : new TreeSet<>(listed);
                    extra.removeAll(modelled);
                    changes.add((listed == null ? "add the row" : "change the row") + " for " + name + " to:\n"
                            + row(name, modelled) + "\n  (not listed but modelled: " + missing
                            + "; listed but not modelled: " + extra + ")");
                }
            }
        }
        table.keySet().forEach(name -> changes.add("remove the row for " + name + ": no service of that name"));
        assertThat(changes)
                .as("README.md's coverage table (between " + START + " and " + END + ") is out of step;"
                        + " make these changes")
                .isEmpty();
    }

    static String row(String name, TreeSet<String> operations) {
        return "| " + name + " | " + String.join(", ", operations) + " |";
    }

    /** Service → operations, from the table's rows (header and separator skipped). */
    static Map<String, TreeSet<String>> table(String readme) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has " + START).isNotNegative();
        assertThat(end).as("README.md has " + END).isGreaterThan(start);
        Map<String, TreeSet<String>> rows = new LinkedHashMap<>();
        for (String line : readme.substring(start + START.length(), end).lines().toList()) {
            String[] cells = line.split("\\|");
            if (cells.length < 3 || cells[1].isBlank() || cells[1].strip().equals("Service") || line.contains("---")) {
                continue;
            }
            TreeSet<String> operations = new TreeSet<>();
            Arrays.stream(cells[2].split(","))
                    .map(String::strip)
                    .filter(o -> !o.isEmpty())
                    .forEach(operations::add);
            rows.put(cells[1].strip(), operations);
        }
        return rows;
    }

    @Test
    void theTableParserReadsRowsAndSkipsTheHeader() {
        String readme = "x\n" + START + "\n| Service | Operations modelled |\n|---|---|\n| STS | B, A |\n" + END;
        assertThat(table(readme)).containsOnlyKeys("STS");
        assertThat(table(readme).get("STS")).containsExactly("A", "B");
    }
}
