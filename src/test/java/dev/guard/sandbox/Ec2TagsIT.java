package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.seed.SeedLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2 CreateTags, DeleteTags and DescribeTags through the real SDK, checked against the sandbox's world. */
class Ec2TagsIT {
    private static final String DEVELOPMENT = "222222222222";
    private static final String WEB = "i-0a22222222222222a"; // Name=dev-web-1, env=dev, team=web
    private static final String PROD_WEB = "i-0a44444444444444a";

    private SandboxFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static String code(Throwable t) {
        return ((Ec2Exception) t).awsErrorDetails().errorCode();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Map<String, String> tagsOf(Ec2Client ec2, String id) {
        Map<String, String> out = new LinkedHashMap<>();
        ec2.describeInstances(r -> r.instanceIds(id))
                .reservations()
                .get(0)
                .instances()
                .get(0)
                .tags()
                .forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    private Ec2Client developer() {
        return f.ec2(f.privilegedRole(DEVELOPMENT));
    }

    /** scheduler's GuardRunnerRole session: TagInstancesOnLaunch, no Tags statement. */
    private Ec2Client runner() {
        var role = f.sts(f.keys("scheduler"))
                .assumeRole(r -> r.roleArn("arn:aws:iam::" + DEVELOPMENT + ":role/GuardRunnerRole")
                        .roleSessionName("runner"));
        return f.ec2(SandboxFixture.session(role.credentials()));
    }

    @Test
    void createTagsAddsAndOverwritesAndTheJournalSaysWhetherAnythingChanged() throws Exception {
        f = new SandboxFixture();
        Ec2Client ec2 = developer();
        f.sandbox.journal().clear();
        var answer = ec2.createTags(r -> r.resources(WEB).tags(tag("team", "platform"), tag("owner", "ops")));
        assertThat(answer.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(tagsOf(ec2, WEB))
                .containsExactly(
                        Map.entry("Name", "dev-web-1"),
                        Map.entry("env", "dev"),
                        Map.entry("team", "platform"),
                        Map.entry("owner", "ops"));
        ec2.createTags(r -> r.resources(WEB).tags(tag("owner", "ops")));
        assertThat(f.sandbox.journal().entries())
                .filteredOn(e -> e.action().equals("ec2:CreateTags"))
                .extracting(e -> e.resource() + " " + e.mutated() + " " + e.decidingStatement())
                .containsExactly(
                        "arn:aws:ec2:us-east-1:222222222222:instance/" + WEB + " true Optional[PrivilegedActions#Tags]",
                        "arn:aws:ec2:us-east-1:222222222222:instance/" + WEB
                                + " false Optional[PrivilegedActions#Tags]");
        // Tags are visible to the tag filters guard's selectors use.
        var found = ec2.describeInstances(r ->
                r.filters(Filter.builder().name("tag:team").values("platform").build()));
        assertThat(found.reservations()).hasSize(1);
    }

    @Test
    void deleteTagsByKeyDeletesAnyValueAndByKeyAndValueOnlyAMatch() throws Exception {
        f = new SandboxFixture();
        Ec2Client ec2 = developer();
        ec2.createTags(r -> r.resources(WEB).tags(tag("blank", "")));
        f.sandbox.journal().clear();
        ec2.deleteTags(r -> r.resources(WEB).tags(tag("team", "data"), tag("blank", "")));
        assertThat(tagsOf(ec2, WEB)).containsOnlyKeys("Name", "env", "team");
        ec2.deleteTags(r -> r.resources(WEB).tags(Tag.builder().key("team").build()));
        assertThat(tagsOf(ec2, WEB)).containsOnlyKeys("Name", "env");
        ec2.deleteTags(r -> r.resources(WEB).tags(Tag.builder().key("absent").build()));
        assertThat(f.sandbox.journal().entries())
                .filteredOn(e -> e.action().equals("ec2:DeleteTags"))
                .extracting(e -> e.mutated())
                .containsExactly(true, true, false);
        // No Tag.N at all: every tag of the resources, as EC2 does.
        ec2.deleteTags(r -> r.resources(WEB, "i-0a22222222222222b"));
        assertThat(tagsOf(ec2, WEB)).isEmpty();
        assertThat(tagsOf(ec2, "i-0a22222222222222b")).isEmpty();
    }

    @Test
    void unknownAndUnmodelledResourcesAreRefusedAndNothingChanges() throws Exception {
        f = new SandboxFixture();
        Ec2Client ec2 = developer();
        f.sandbox.journal().clear();
        var refusals = Map.of(
                "i-0123456789abcdef0",
                "InvalidInstanceID.NotFound",
                PROD_WEB,
                "InvalidInstanceID.NotFound", // another account's instance
                "ami-0123456789abcdef0",
                "InvalidAMIID.NotFound",
                "vol-0123456789abcdef0",
                "InvalidVolume.NotFound",
                "i-nothex",
                "InvalidID",
                "web-server",
                "InvalidID");
        refusals.forEach((id, error) -> {
            assertThatThrownBy(() -> ec2.createTags(r -> r.resources(WEB, id).tags(tag("owner", "x"))))
                    .as(id)
                    .satisfies(t -> assertThat(code(t)).isEqualTo(error));
            assertThatThrownBy(() -> ec2.deleteTags(r -> r.resources(id, WEB)))
                    .as(id)
                    .satisfies(t -> assertThat(code(t)).isEqualTo(error));
        });
        assertThatThrownBy(() ->
                        ec2.createTags(r -> r.resources("i-0123456789abcdef0").tags(tag("owner", "x"))))
                .hasMessageContaining("The instance ID 'i-0123456789abcdef0' does not exist");
        assertThat(tagsOf(ec2, WEB)).containsOnlyKeys("Name", "env", "team");
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void tagLimitsAreEc2sAndARefusedCallChangesNoResource() throws Exception {
        f = new SandboxFixture();
        Ec2Client ec2 = developer();
        String other = "i-0a22222222222222b";
        for (Tag bad : List.of(tag("k".repeat(129), "v"), tag("long", "v".repeat(257)), tag("aws:owner", "me"))) {
            assertThatThrownBy(() -> ec2.createTags(r -> r.resources(WEB).tags(bad)))
                    .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidParameterValue"));
        }
        assertThatThrownBy(() -> ec2.deleteTags(r -> r.resources(WEB)
                        .tags(Tag.builder().key("aws:cloudformation:stack-name").build())))
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidParameterValue"));
        assertThat(ec2.createTags(r -> r.resources(WEB).tags(tag("k".repeat(128), "v".repeat(256))))
                        .sdkHttpResponse()
                        .isSuccessful())
                .isTrue();

        // WEB now has 4 tags, the other 3: 46 more fill WEB to 50 exactly, 47 is one too many.
        Tag[] fill = IntStream.range(0, 46).mapToObj(n -> tag("fill" + n, "x")).toArray(Tag[]::new);
        ec2.createTags(r -> r.resources(WEB).tags(fill));
        assertThat(tagsOf(ec2, WEB)).hasSize(50);
        assertThatThrownBy(() -> ec2.createTags(r -> r.resources(other, WEB).tags(tag("one-more", "x"))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("TagLimitExceeded"))
                .hasMessageContaining("The maximum number of Tags for a resource has been reached.");
        assertThat(tagsOf(ec2, other)).doesNotContainKey("one-more");
        // Overwriting an existing key adds no tag.
        ec2.createTags(r -> r.resources(WEB).tags(tag("fill0", "y")));
        assertThat(tagsOf(ec2, WEB)).hasSize(50).containsEntry("fill0", "y");
    }

    @Test
    void tagOnLaunchDoesNotAllowAPlainCreateTagsAndNoPermissionIsRefused() throws Exception {
        f = new SandboxFixture();
        Ec2Client runner = runner();
        f.sandbox.journal().clear();
        assertThatThrownBy(() -> runner.createTags(r -> r.resources(WEB).tags(tag("owner", "x"))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
        assertThatThrownBy(() -> runner.deleteTags(r -> r.resources(WEB).tags(tag("env", "dev"))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
        assertThatThrownBy(() -> runner.createTags(
                        r -> r.resources(WEB).tags(tag("owner", "x")).dryRun(true)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
        // The same statement does allow tags given at launch (ec2:CreateAction=RunInstances).
        var launched = runner.runInstances(r -> r.imageId("ami-0123456789abcdef0")
                        .minCount(1)
                        .maxCount(1)
                        .tagSpecifications(TagSpecification.builder()
                                .resourceType(ResourceType.INSTANCE)
                                .tags(tag("owner", "runner"))
                                .build()))
                .instances()
                .get(0);
        assertThat(launched.tags()).containsExactly(tag("owner", "runner"));
        assertThatThrownBy(() -> runner.createTags(
                        r -> r.resources(launched.instanceId()).tags(tag("owner", "x"))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
        // sofia's own policy has no ec2:CreateTags at all, even on her instances.
        assertThatThrownBy(() -> f.ec2(f.keys("sofia"))
                        .createTags(r -> r.resources("i-0a11111111111111a").tags(tag("owner", "x"))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("UnauthorizedOperation"));
        assertThat(f.sandbox.journal().entries())
                .filteredOn(e -> e.mutated())
                .extracting(e -> e.action())
                .containsExactly("ec2:RunInstances");
        assertThat(tagsOf(developer(), WEB)).doesNotContainKey("owner");
    }

    @Test
    void conditionKeysAreTheRequestTagsTheirKeysAndTheResourceTags() throws Exception {
        // development's Tags statement narrowed: only team=web instances, only the owner key.
        String seed = new String(SeedLoader.bundledBytes(), StandardCharsets.UTF_8);
        String allow = "                - Sid: Tags\n"
                + "                  Effect: Allow\n"
                + "                  Action: [ec2:CreateTags, ec2:DeleteTags]\n"
                + "                  Resource: arn:aws:ec2:*:*:instance/*\n";
        int at = seed.indexOf(allow);
        assertThat(at).isPositive();
        String narrowed = seed.substring(0, at)
                + allow
                + "                  Condition:\n"
                + "                    StringEquals: {\"ec2:ResourceTag/team\": web}\n"
                + "                    ForAllValues:StringEquals: {\"aws:TagKeys\": [owner]}\n"
                + "                    StringNotEqualsIfExists: {\"aws:RequestTag/owner\": root}\n"
                + seed.substring(at + allow.length());
        f = new SandboxFixture(SeedLoader.parse(narrowed.getBytes(StandardCharsets.UTF_8), Path.of("narrowed.yaml"))
                .orElseThrow());
        Ec2Client ec2 = developer();
        ec2.createTags(r -> r.resources(WEB).tags(tag("owner", "ops")));
        assertThat(tagsOf(ec2, WEB)).containsEntry("owner", "ops");
        Map<String, Tag> refused = Map.of(
                "i-0a22222222222222b",
                tag("owner", "ops"), // team=data: ec2:ResourceTag/team
                WEB,
                tag("env", "qa")); // aws:TagKeys
        refused.forEach((id, t) -> assertThatThrownBy(
                        () -> ec2.createTags(r -> r.resources(id).tags(t)))
                .as(id + " " + t)
                .satisfies(e -> assertThat(code(e)).isEqualTo("UnauthorizedOperation")));
        assertThatThrownBy(() -> ec2.createTags(r -> r.resources(WEB).tags(tag("owner", "root"))))
                .satisfies(e -> assertThat(code(e)).isEqualTo("UnauthorizedOperation"));
        ec2.deleteTags(r -> r.resources(WEB).tags(Tag.builder().key("owner").build()));
        assertThatThrownBy(() -> ec2.deleteTags(
                        r -> r.resources(WEB).tags(Tag.builder().key("env").build())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("UnauthorizedOperation"));
        assertThat(tagsOf(ec2, WEB)).containsOnlyKeys("Name", "env", "team");
    }

    @Test
    void dryRunSaysWhetherItWouldSucceedAndChangesNothing() throws Exception {
        f = new SandboxFixture();
        Ec2Client ec2 = developer();
        f.sandbox.journal().clear();
        assertThatThrownBy(() -> ec2.createTags(
                        r -> r.resources(WEB).tags(tag("owner", "x")).dryRun(true)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("DryRunOperation"));
        assertThatThrownBy(() -> ec2.deleteTags(r -> r.resources(WEB).dryRun(true)))
                .satisfies(t -> assertThat(code(t)).isEqualTo("DryRunOperation"));
        assertThat(f.sandbox.journal().anyMutation()).isFalse();
        assertThat(tagsOf(ec2, WEB)).containsOnlyKeys("Name", "env", "team");
    }

    @Test
    void describeTagsFiltersAndPagesTheCallersInstanceTags() throws Exception {
        f = new SandboxFixture();
        Ec2Client ec2 = developer();
        var web = ec2.describeTags(r -> r.filters(
                Filter.builder().name("resource-id").values(WEB).build(),
                Filter.builder().name("key").values("N*", "team").build()));
        assertThat(web.tags())
                .extracting(
                        TagDescription::resourceId,
                        TagDescription::resourceTypeAsString,
                        TagDescription::key,
                        TagDescription::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(WEB, "instance", "Name", "dev-web-1"),
                        org.assertj.core.groups.Tuple.tuple(WEB, "instance", "team", "web"));
        long all =
                ec2.describeTagsPaginator(r -> r.maxResults(5)).tags().stream().count();
        assertThat(all).isEqualTo(18); // development's six instances, three tags each
        assertThat(ec2.describeTags(r -> r.filters(Filter.builder()
                                .name("resource-id")
                                .values(PROD_WEB)
                                .build()))
                        .tags())
                .isEmpty();
    }

    @Test
    void tagChangesOutliveARestartWithAStateDirectory(@TempDir Path dir) throws Exception {
        f = new SandboxFixture(dir.resolve("state"));
        Ec2Client before = developer();
        before.createTags(r -> r.resources(WEB).tags(tag("owner", "ops"), tag("a-last", "1")));
        before.deleteTags(r -> r.resources(WEB).tags(Tag.builder().key("env").build()));
        f.close();
        assertThat(Files.readString(dir.resolve("state/state.json"))).contains("a-last");
        // Used MFA codes persist too: the restarted clock starts past the codes used above.
        f = new SandboxFixture(dir.resolve("state"), java.time.Instant.now().plusSeconds(90));
        assertThat(tagsOf(developer(), WEB))
                .containsExactly(
                        Map.entry("Name", "dev-web-1"),
                        Map.entry("team", "web"),
                        Map.entry("owner", "ops"),
                        Map.entry("a-last", "1"));
    }
}
