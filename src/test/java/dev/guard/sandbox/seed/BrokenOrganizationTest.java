package dev.guard.sandbox.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.yaml.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's organization: AWS's id patterns, parents that exist, accounts of the seed, each a positioned problem. */
class BrokenOrganizationTest {
    private static final String HEADER = "apiVersion: guard/v1\nkind: SandboxSeed\naccounts:\n"
            + "  - {name: identity, id: \"111111111111\"}\n"
            + "  - {name: development, id: \"222222222222\"}\n";

    @Test
    void aGoodOrganizationLoads() {
        var result = SeedLoader.parse(
                (HEADER + "organization:\n"
                                + "  id: o-abcdefghij\n"
                                + "  root: r-ab12\n"
                                + "  managementAccount: identity\n"
                                + "  organizationalUnits: [{id: ou-ab12-11111111, name: Dev}]\n"
                                + "  accounts: [{account: \"222222222222\", parent: ou-ab12-11111111, tags: {env: dev}}]\n")
                        .getBytes(StandardCharsets.UTF_8),
                Path.of("seed.yaml"));
        SeedOrganization org = result.orElseThrow().organization().orElseThrow();
        assertThat(org.managementAccountId()).isEqualTo("111111111111");
        assertThat(org.membership("222222222222").parentId()).isEqualTo("ou-ab12-11111111");
        assertThat(org.membership("222222222222").tags()).containsEntry("env", "dev");
        // Not placed: at the root.
        assertThat(org.membership("111111111111").parentId()).isEqualTo("r-ab12");
    }

    @Test
    void idsParentsAndAccountsAreChecked() {
        assertThat(problems(HEADER
                        + "organization:\n"
                        + "  id: o-short\n"
                        + "  root: r-ab12\n"
                        + "  managementAccount: nobody\n"
                        + "  organizationalUnits:\n"
                        + "    - {id: ou-zz99-11111111, name: Dev}\n"
                        + "    - {id: ou-ab12-22222222, name: Ops, parent: ou-ab12-33333333}\n"
                        + "  accounts:\n"
                        + "    - {account: development, parent: r-nope, status: GONE}\n"
                        + "    - {account: development}\n"
                        + "  generate: {accounts: 1001}\n"))
                .containsExactly(
                        "seed.yaml:7:7: organization.id: 'o-short' is not an organization id (o- and 10-32 lowercase"
                                + " letters or digits)",
                        "seed.yaml:9:22: organization.managementAccount: no account 'nobody' in the seed (accounts:"
                                + " identity, development)",
                        "seed.yaml:11:12: organization.organizationalUnits[0].id: 'ou-zz99-11111111' does not carry"
                                + " the root's part 'ab12' (ou-ab12-...)",
                        "seed.yaml:12:49: organization.organizationalUnits[1].parent: 'ou-ab12-33333333' is neither"
                                + " the root nor an OU",
                        "seed.yaml:14:38: organization.accounts[0].parent: 'r-nope' is neither the root nor an OU",
                        "seed.yaml:14:54: organization.accounts[0].status: 'GONE' is not an account status (ACTIVE,"
                                + " PENDING_CLOSURE, SUSPENDED)",
                        "seed.yaml:15:17: organization.accounts[1].account: duplicate account placement 'development'"
                                + " (first defined at 14:17)",
                        "seed.yaml:16:24: organization.generate.accounts: 1001 is out of range (0..1000)");
    }

    private static List<String> problems(String yaml) {
        return SeedLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), Path.of("seed.yaml"))
                .problems()
                .sorted()
                .stream()
                .map(Problem::toString)
                .toList();
    }
}
