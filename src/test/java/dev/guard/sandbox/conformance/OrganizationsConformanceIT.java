package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.json.JsonReader;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.seed.GeneratedAccounts;
import dev.guard.sandbox.seed.SeedLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS Organizations as the AWS CLI v2 sees it (skipped where absent), against a sandbox of the
 * bundled organization plus 25 generated accounts (so ListAccounts needs two pages of 20), and
 * against moto_server (where installed) for the shapes: the members of an Account, paging with
 * NextToken, and the error codes of a missing parent, account and tag target. moto grants
 * everything; authorization is checked against the sandbox only.
 */
class OrganizationsConformanceIT {
    private static SandboxFixture f;
    private static AwsCliV2 aws;

    @BeforeAll
    static void start() throws Exception {
        AwsCliV2.assumeInstalled();
        f = new SandboxFixture(GeneratedAccounts.apply(SeedLoader.bundled(), 25));
        aws = new AwsCliV2(f.endpoint());
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static Map<String, Object> json(AwsCliV2.Run r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return JsonReader.parseObject(r.out().getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> body, String key) {
        return (List<Map<String, Object>>) body.get(key);
    }

    @Test
    void theCliPagesThroughEveryAccount() throws Exception {
        long before = calls("organizations:ListAccounts");
        var all = list(json(run(aws, f.keys("alice"), "organizations", "list-accounts")), "Accounts");
        assertThat(all).hasSize(29);
        assertThat(all.get(0)).containsEntry("Id", "111111111111").containsEntry("JoinedMethod", "INVITED");
        assertThat(all.get(28)).containsEntry("Id", "700000000025").containsEntry("Name", "member-025");
        // Two pages of at most 20, as AWS pages ListAccounts.
        assertThat(calls("organizations:ListAccounts") - before).isEqualTo(2);
        var firstFive = json(run(aws, f.keys("alice"), "organizations", "list-accounts", "--max-items", "5"));
        assertThat(list(firstFive, "Accounts")).hasSize(5);
        var rest = json(run(aws, f.keys("alice"), "organizations", "list-accounts", "--starting-token", (String)
                firstFive.get("NextToken")));
        assertThat(list(rest, "Accounts")).hasSize(24);
    }

    @Test
    void theStructureAndTagsAreTheSeeds() throws Exception {
        var workloads = json(run(
                aws, f.keys("bob"), "organizations", "list-accounts-for-parent", "--parent-id", "ou-gs01-workloads"));
        assertThat(list(workloads, "Accounts"))
                .extracting(a -> a.get("Name"))
                .containsExactly("development", "staging", "production");
        var units = json(run(
                aws,
                f.keys("alice"),
                "organizations",
                "list-organizational-units-for-parent",
                "--parent-id",
                "r-gs01"));
        assertThat(list(units, "OrganizationalUnits"))
                .extracting(u -> u.get("Id"))
                .containsExactly("ou-gs01-workloads", "ou-gs01-generated");
        var tags = json(
                run(aws, f.keys("alice"), "organizations", "list-tags-for-resource", "--resource-id", "700000000004"));
        assertThat(list(tags, "Tags"))
                .containsExactly(Map.of("Key", "env", "Value", "dev"), Map.of("Key", "team", "Value", "data"));
        var org = json(run(aws, f.keys("alice"), "organizations", "describe-organization"));
        assertThat(org.get("Organization").toString()).contains("o-guardsandbox1", "111111111111");
        var roots = json(run(aws, f.keys("alice"), "organizations", "list-roots"));
        assertThat(list(roots, "Roots")).extracting(r -> r.get("Id")).containsExactly("r-gs01");
    }

    @Test
    void refusalsAreAwsErrors() throws Exception {
        var sofia = run(aws, f.keys("sofia"), "organizations", "list-accounts");
        assertThat(sofia.exit()).isEqualTo(254);
        assertThat(sofia.failedWith(
                        "AccessDeniedException",
                        "User: arn:aws:iam::111111111111:user/sofia is not authorized to perform:"
                                + " organizations:ListAccounts on resource: * because no identity-based policy allows"
                                + " the organizations:ListAccounts action"))
                .isTrue();
        var member = run(aws, f.rootKeys("444444444444"), "organizations", "list-accounts");
        assertThat(member.failedWith("AccessDeniedException", "You don't have permissions to access this resource."))
                .as(member.err())
                .isTrue();
        assertThat(run(aws, f.keys("alice"), "organizations", "list-accounts", "--max-results", "21")
                        .errorCode())
                .isEqualTo("InvalidInputException");
        assertThat(run(
                                aws,
                                f.keys("alice"),
                                "organizations",
                                "list-accounts-for-parent",
                                "--parent-id",
                                "ou-gs01-nosuchunit")
                        .errorCode())
                .isEqualTo("ParentNotFoundException");
    }

    @Test
    void unmodelledOperationsAreRefusedAndChangeNothing() throws Exception {
        Map<String, Object> before = f.sandbox.snapshot();
        var create = run(
                aws,
                f.rootKeys("111111111111"),
                "organizations",
                "create-account",
                "--email",
                "new@sandbox.guard.example",
                "--account-name",
                "new");
        assertThat(create.errorCode()).isEqualTo("UnknownOperationException");
        var leave = run(aws, f.rootKeys("111111111111"), "organizations", "leave-organization");
        assertThat(leave.errorCode()).isEqualTo("UnknownOperationException");
        assertThat(f.sandbox.snapshot()).isEqualTo(before);
        assertThat(list(json(run(aws, f.keys("alice"), "organizations", "list-accounts")), "Accounts"))
                .hasSize(29);
    }

    @Test
    void shapesAndErrorCodesMatchMoto() throws Exception {
        // (Not 123456789012: moto's own account, its management account.)
        try (MotoServer moto = MotoServer.required()) {
            AwsCliV2 peer = new AwsCliV2(moto.endpoint());
            json(run(peer, MotoServer.KEYS, "organizations", "create-organization", "--feature-set", "ALL"));
            for (String name : List.of("one", "two")) {
                json(run(
                        peer,
                        MotoServer.KEYS,
                        "organizations",
                        "create-account",
                        "--email",
                        name + "@example.com",
                        "--account-name",
                        name));
            }
            var motoPage = json(run(
                    peer, MotoServer.KEYS, "organizations", "list-accounts", "--max-results", "1", "--no-paginate"));
            var ourPage = json(
                    run(aws, f.keys("alice"), "organizations", "list-accounts", "--max-results", "1", "--no-paginate"));
            assertThat(ourPage.keySet()).isEqualTo(motoPage.keySet()).contains("NextToken");
            Set<String> motoFields =
                    new TreeSet<>(list(motoPage, "Accounts").get(0).keySet());
            Set<String> ourFields =
                    new TreeSet<>(list(ourPage, "Accounts").get(0).keySet());
            // AWS added State in 2025 (moto may not have it yet): ours is a superset of moto's.
            assertThat(ourFields).containsAll(motoFields);
            ourFields.removeAll(motoFields);
            assertThat(ourFields).isSubsetOf("State");
            String root = (String) list(json(run(peer, MotoServer.KEYS, "organizations", "list-roots")), "Roots")
                    .get(0)
                    .get("Id");
            String missingOu = "ou-" + root.substring(2) + "-nosuchunit";
            assertSameError(peer, "ParentNotFoundException", "list-accounts-for-parent", "--parent-id", missingOu);
            assertSameError(peer, "AccountNotFoundException", "describe-account", "--account-id", "210987654321");
            assertSameError(peer, "TargetNotFoundException", "list-tags-for-resource", "--resource-id", "210987654321");
        }
    }

    private static void assertSameError(AwsCliV2 peer, String code, String... args) throws Exception {
        String[] full = new String[args.length + 1];
        full[0] = "organizations";
        System.arraycopy(args, 0, full, 1, args.length);
        String motoCode = run(peer, MotoServer.KEYS, full).errorCode();
        String ours = run(aws, f.keys("alice"), full).errorCode();
        assertThat(List.of(ours, motoCode)).as(String.join(" ", args)).containsOnly(code);
    }

    /** With the CLI's own retry settings, so its error line is the plain "An error occurred (CODE) ...". */
    private static AwsCliV2.Run run(
            AwsCliV2 cli, software.amazon.awssdk.auth.credentials.AwsCredentials who, String... args) throws Exception {
        return cli.run(AwsCliV2.credentials(who), args);
    }

    private static long calls(String action) {
        return f.sandbox.journal().entries().stream()
                .filter(e -> e.action().equals(action))
                .count();
    }
}
