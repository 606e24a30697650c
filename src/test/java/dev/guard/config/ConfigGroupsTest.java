package dev.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config's {@code groups:}: members resolved when the config is read, mistakes at their line. */
class ConfigGroupsTest {
    private static final String ACCOUNTS = """
            apiVersion: guard/v1
            kind: Config
            accounts:
              development: { id: "222222222222" }
              staging:     { id: "333333333333" }
              dev-eu:      { id: "555555555555" }
            """;

    @TempDir
    Path dir;

    private ConfigLoader.Result read(String groups) throws Exception {
        Path file = Files.writeString(dir.resolve("guard.yaml"), ACCOUNTS + "groups:\n" + groups);
        return new ConfigLoader(new Environment(dir, Map.of(), dir.resolve("home"))).read(file);
    }

    private static List<String> messages(ConfigLoader.Result result) {
        return result.problems().sorted().stream().map(Object::toString).toList();
    }

    @Test
    void membersAreAliasesIdsAndGlobsResolvedInTheOrderWritten() throws Exception {
        ConfigLoader.Result result = read("  workloads: [staging, \"dev*\", \"999999999999\"]\n");

        assertThat(messages(result)).isEmpty();
        GuardConfig config = result.config().orElseThrow();
        assertThat(config.group("workloads").orElseThrow())
                .extracting(Account::alias)
                // staging first; dev* in alias order without staging again; an unknown id is its own alias
                .containsExactly("staging", "dev-eu", "development", "999999999999");
        assertThat(config.group("nope")).isEmpty();
    }

    @Test
    void eachMistakeIsReportedWhereItIsWritten() throws Exception {
        ConfigLoader.Result result = read("""
                  workloads: [development, qa, "prod-*", development]
                  Bad_Name: [staging]
                  nested: [{group: workloads}]
                  empty: []
                """);

        assertThat(result.config()).isEmpty();
        assertThat(messages(result))
                .containsExactly(
                        "guard.yaml:8:28: groups.workloads[1]: unknown account alias 'qa'; define it under accounts or"
                                + " use a 12-digit id",
                        "guard.yaml:8:32: groups.workloads[2]: 'prod-*' matches no alias under accounts",
                        "guard.yaml:8:42: groups.workloads[3]: development (222222222222) is already in the group at"
                                + " 8:15",
                        "guard.yaml:9:3: groups.Bad_Name: 'Bad_Name' is not a group name (lowercase letters, digits, _"
                                + " and -, starting with a letter)",
                        "guard.yaml:10:12: groups.nested[0]: expected a string, got a mapping",
                        "guard.yaml:11:10: groups.empty: must not be empty");
    }

    @Test
    void groupsEnterThePlanDigestOnlyWhenThereAreSome() throws Exception {
        GuardConfig none = new ConfigLoader(new Environment(dir, Map.of(), dir.resolve("home")))
                .read(Files.writeString(dir.resolve("none.yaml"), ACCOUNTS))
                .config()
                .orElseThrow();
        GuardConfig one = read("  workloads: [staging]\n").config().orElseThrow();
        GuardConfig two = read("  workloads: [staging, development]\n").config().orElseThrow();

        assertThat(none.planDigest()).isNotEqualTo(one.planDigest());
        assertThat(one.planDigest()).isNotEqualTo(two.planDigest());
    }
}
