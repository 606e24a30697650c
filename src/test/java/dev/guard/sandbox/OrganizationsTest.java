package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.json.JsonReader;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedWorld;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The sandbox's AWS Organizations over the wire, signed as the SDK signs: the seeded organization
 * (o-guardsandbox1; identity at the root r-gs01, development/staging/production in Workloads),
 * paging, errors, and who may read it (the management account's principals, as their policies allow).
 */
class OrganizationsTest {
    private static SandboxFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new SandboxFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** A JSON 1.1 call: the status and the parsed body. */
    record Answer(int status, Map<String, Object> body) {
        String type() {
            return String.valueOf(body.get("__type"));
        }

        String message() {
            return String.valueOf(body.get("Message"));
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String key) {
            return (List<Map<String, Object>>) body.get(key);
        }
    }

    static Answer call(SandboxFixture on, AwsCredentials who, String operation, String json) throws Exception {
        var signed = RawSigned.sign(
                on.endpoint(),
                who,
                "organizations",
                "POST",
                "/",
                Map.of(
                        "Content-Type",
                        "application/x-amz-json-1.1",
                        "X-Amz-Target",
                        "AWSOrganizationsV20161128." + operation),
                json,
                false);
        HttpResponse<String> r = RawSigned.send(signed, json, b -> b);
        return new Answer(
                r.statusCode(), JsonReader.parseObject(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static Answer alice(String operation, String json) throws Exception {
        return call(f, f.keys("alice"), operation, json);
    }

    @Test
    void listAccountsPagesThroughEveryAccountInSeedOrder() throws Exception {
        List<Object> ids = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Answer a = alice(
                    "ListAccounts",
                    "{\"MaxResults\": 3" + (token == null ? "" : ", \"NextToken\": \"" + token + "\"") + "}");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.list("Accounts")).hasSizeLessThanOrEqualTo(3);
            a.list("Accounts").forEach(acc -> ids.add(acc.get("Id")));
            token = (String) a.body().get("NextToken");
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(2);
        assertThat(ids).containsExactly("111111111111", "222222222222", "333333333333", "444444444444");
    }

    @Test
    void anAccountHasAwsShape() throws Exception {
        Map<String, Object> dev =
                alice("DescribeAccount", "{\"AccountId\": \"222222222222\"}").body();
        @SuppressWarnings("unchecked")
        Map<String, Object> account = (Map<String, Object>) dev.get("Account");
        assertThat(account)
                .containsEntry("Id", "222222222222")
                .containsEntry("Arn", "arn:aws:organizations::111111111111:account/o-guardsandbox1/222222222222")
                .containsEntry("Name", "development")
                .containsEntry("Email", "development@sandbox.guard.example")
                .containsEntry("Status", "ACTIVE")
                .containsEntry("JoinedMethod", "CREATED")
                .containsKey("JoinedTimestamp");
    }

    @Test
    void accountsForParentAreTheDirectChildrenOnly() throws Exception {
        Answer workloads = alice("ListAccountsForParent", "{\"ParentId\": \"ou-gs01-workloads\"}");
        assertThat(workloads.list("Accounts"))
                .extracting(a -> a.get("Name"))
                .containsExactly("development", "staging", "production");
        Answer root = alice("ListAccountsForParent", "{\"ParentId\": \"r-gs01\"}");
        assertThat(root.list("Accounts")).extracting(a -> a.get("Name")).containsExactly("identity");
        Answer units = alice("ListOrganizationalUnitsForParent", "{\"ParentId\": \"r-gs01\"}");
        assertThat(units.list("OrganizationalUnits"))
                .extracting(u -> u.get("Name"))
                .containsExactly("Workloads");
        Answer parents = alice("ListParents", "{\"ChildId\": \"444444444444\"}");
        assertThat(parents.list("Parents"))
                .containsExactly(Map.of("Id", "ou-gs01-workloads", "Type", "ORGANIZATIONAL_UNIT"));
    }

    @Test
    void tagsOfAnAccount() throws Exception {
        Answer tags = alice("ListTagsForResource", "{\"ResourceId\": \"444444444444\"}");
        assertThat(tags.list("Tags")).containsExactly(Map.of("Key", "env", "Value", "prod"));
        Answer none = alice("ListTagsForResource", "{\"ResourceId\": \"999999999999\"}");
        assertThat(none.type()).isEqualTo("TargetNotFoundException");
    }

    @Test
    void badInputIsInvalidInputExceptionWithItsReason() throws Exception {
        Answer tooMany = alice("ListAccounts", "{\"MaxResults\": 21}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.type()).isEqualTo("InvalidInputException");
        assertThat(tooMany.body()).containsEntry("Reason", "MAX_VALUE_EXCEEDED");
        assertThat(alice("ListAccounts", "{\"MaxResults\": 0}").body()).containsEntry("Reason", "MIN_VALUE_EXCEEDED");
        assertThat(alice("ListAccounts", "{\"NextToken\": \"bogus\"}").body())
                .containsEntry("Reason", "INVALID_NEXT_TOKEN");
        // A token of another list is no token for this one.
        String other =
                (String) alice("ListAccountsForParent", "{\"ParentId\": \"ou-gs01-workloads\", \"MaxResults\": 1}")
                        .body()
                        .get("NextToken");
        assertThat(alice("ListAccounts", "{\"NextToken\": \"" + other + "\"}").body())
                .containsEntry("Reason", "INVALID_NEXT_TOKEN");
        assertThat(alice("ListAccountsForParent", "{\"ParentId\": \"workloads\"}")
                        .body())
                .containsEntry("Reason", "INVALID_PATTERN");
        assertThat(alice("ListAccountsForParent", "{\"ParentId\": \"ou-gs01-nosuchunit\"}")
                        .type())
                .isEqualTo("ParentNotFoundException");
        assertThat(alice("DescribeAccount", "{\"AccountId\": \"123456789012\"}").type())
                .isEqualTo("AccountNotFoundException");
    }

    @Test
    void operatorsMayReadByTheirGroupPolicy() throws Exception {
        assertThat(call(f, f.keys("bob"), "ListAccounts", "{}").status()).isEqualTo(200);
        assertThat(call(f, f.keys("carol"), "DescribeOrganization", "{}").body())
                .extractingByKey("Organization")
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("Id", "o-guardsandbox1")
                .containsEntry("MasterAccountId", "111111111111");
    }

    @Test
    void sofiaIsDeniedByIamWithItsWording() throws Exception {
        Answer a = call(f, f.keys("sofia"), "ListAccounts", "{}");
        assertThat(a.type()).isEqualTo("AccessDeniedException");
        assertThat(a.message())
                .isEqualTo("User: arn:aws:iam::111111111111:user/sofia is not authorized to perform:"
                        + " organizations:ListAccounts on resource: * because no identity-based policy allows the"
                        + " organizations:ListAccounts action");
        Answer tags = call(f, f.keys("sofia"), "ListTagsForResource", "{\"ResourceId\": \"222222222222\"}");
        assertThat(tags.message())
                .contains("on resource: arn:aws:organizations::111111111111:account/o-guardsandbox1/222222222222");
    }

    @Test
    void aMemberAccountPrincipalIsRefusedEvenWhenItsPoliciesAllow() throws Exception {
        // development's root user: every identity policy allows it, but it is no management account.
        Answer a = call(f, f.rootKeys("222222222222"), "ListAccounts", "{}");
        assertThat(a.type()).isEqualTo("AccessDeniedException");
        assertThat(a.message()).isEqualTo("You don't have permissions to access this resource.");
    }

    @Test
    void unmodelledOperationsAreRefusedAndChangeNothing() throws Exception {
        Map<String, Object> before = f.sandbox.snapshot();
        Answer a = call(
                f,
                f.rootKeys("111111111111"),
                "CreateAccount",
                "{\"AccountName\": \"x\", \"Email\": \"x@example.com\"}");
        assertThat(a.type()).isEqualTo("UnknownOperationException");
        assertThat(alice("ListAccounts", "{}").list("Accounts")).hasSize(4);
        assertThat(f.sandbox.snapshot()).isEqualTo(before);
    }

    @Test
    void aWorldWithoutAnOrganizationSaysSo() throws Exception {
        SeedWorld bundled = SeedLoader.bundled();
        try (SandboxFixture none = new SandboxFixture(new SeedWorld(bundled.accounts(), bundled.faults()))) {
            Answer a = call(none, none.keys("alice"), "ListAccounts", "{}");
            assertThat(a.type()).isEqualTo("AWSOrganizationsNotInUseException");
        }
    }

    @Test
    void theJournalNamesActionResourceAndPrincipal() throws Exception {
        alice("ListTagsForResource", "{\"ResourceId\": \"333333333333\"}");
        assertThat(f.sandbox.journal().entries()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("organizations:ListTagsForResource");
            assertThat(e.resource())
                    .isEqualTo("arn:aws:organizations::111111111111:account/o-guardsandbox1/333333333333");
            assertThat(e.principal()).isEqualTo("arn:aws:iam::111111111111:user/alice");
        });
    }
}
