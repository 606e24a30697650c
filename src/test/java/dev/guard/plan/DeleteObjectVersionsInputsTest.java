package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.ActionRegistry;
import dev.guard.action.s3.DeleteObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s3:DeleteObject}'s permanent deletes as the loader reads them: {@code versionId} with one
 * key, {@code allVersions: true} with keys or a prefix (a selector: maxTargets required), never both;
 * and what the plan says about each, so a delete marker is never mistaken for a permanent delete.
 */
class DeleteObjectVersionsInputsTest {
    @TempDir
    Path dir;

    private RunbookLoader.Result load(String with, String guards) throws Exception {
        Path file = Files.writeString(dir.resolve("rb.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: rb
                target: {account: production, region: us-east-1}
                steps:
                  - id: purge
                    action: s3:DeleteObject
                    with: %s
                    %s
                """.formatted(with, guards));
        return Runbooks.loader().load(file, Path.of("rb.yaml"));
    }

    private DeleteObject.Inputs inputs(String with, String guards) throws Exception {
        RunbookLoader.Result r = load(with, guards);
        assertThat(r.problems().sorted()).as("problems").isEmpty();
        Plan plan = new PlanBuilder(
                        ActionRegistry.standard(),
                        Runbooks.config(),
                        new dev.guard.config.Environment(dir, Map.of(), dir.resolve("home")))
                .build(r.runbook().orElseThrow(), dir.resolve("rb.yaml"), Map.of());
        return (DeleteObject.Inputs) plan.steps().get(0).inputs();
    }

    private List<String> problems(String with, String guards) throws Exception {
        return load(with, guards).problems().sorted().stream()
                .map(Object::toString)
                .toList();
    }

    @Test
    void aVersionIdDeletesThatVersionOfOneKeyPermanentlyAndNamesOneTarget() throws Exception {
        DeleteObject.Inputs in = inputs("{bucket: b-versioned, key: a.txt, versionId: 3HL4kq.tJlcp}", "");

        assertThat(in.versionId()).contains("3HL4kq.tJlcp");
        assertThat(in.permanent()).isTrue();
        assertThat(in.selector()).isFalse();
        assertThat(in.namedTargets()).isEqualTo(1);
        assertThat(in.describe())
                .containsExactly("version 3HL4kq.tJlcp of object s3://b-versioned/a.txt (permanent delete)");
        assertThat(in.toJson()).containsEntry("versionId", "3HL4kq.tJlcp").doesNotContainKey("allVersions");
    }

    @Test
    void theNullVersionIdIsOneS3Sends() throws Exception {
        assertThat(inputs("{bucket: b-versioned, key: a.txt, versionId: \"null\"}", "")
                        .versionId())
                .contains("null");
    }

    @Test
    void allVersionsSelectsVersionsSoItNeedsMaxTargetsWithKeysOrAPrefix() throws Exception {
        DeleteObject.Inputs keys =
                inputs("{bucket: b-versioned, keys: [a.txt, b.txt], allVersions: true}", "guards: {maxTargets: 10}");
        assertThat(keys.selector()).isTrue();
        assertThat(keys.permanent()).isTrue();
        assertThat(keys.describe().get(0))
                .startsWith("every version and delete marker of 2 objects in s3://b-versioned")
                .endsWith("(permanent delete; each version is a target)");
        assertThat(keys.toJson()).containsEntry("allVersions", true);

        DeleteObject.Inputs prefix =
                inputs("{bucket: b-versioned, prefix: logs/, allVersions: true}", "guards: {maxTargets: 10}");
        assertThat(prefix.describe().get(0))
                .startsWith("every version and delete marker of objects under s3://b-versioned/logs/");

        assertThat(problems("{bucket: b-versioned, key: a.txt, allVersions: true}", ""))
                .anyMatch(p -> p.contains("a selector needs guards.maxTargets"));
    }

    @Test
    void allVersionsFalseIsAPlainDelete() throws Exception {
        DeleteObject.Inputs in = inputs("{bucket: b-versioned, key: a.txt, allVersions: false}", "");
        assertThat(in.permanent()).isFalse();
        assertThat(in.selector()).isFalse();
    }

    @Test
    void versionIdAndAllVersionsExcludeEachOtherInOneLineNamingTheField() throws Exception {
        assertThat(problems(
                        "{bucket: b-versioned, key: a.txt, versionId: v1, allVersions: true}",
                        "guards: {maxTargets: 5}"))
                .containsExactly("rb.yaml:8:56: steps[0].with.versionId: give versionId or allVersions, not both");
    }

    @Test
    void aVersionIdBelongsToOneKeyNotToKeysOrAPrefix() throws Exception {
        assertThat(problems("{bucket: b-versioned, keys: [a.txt, b.txt], versionId: v1}", ""))
                .singleElement()
                .asString()
                .contains("steps[0].with.versionId: a version id names a version of one key: use it with key");
        assertThat(problems("{bucket: b-versioned, prefix: logs/, versionId: v1}", "guards: {maxTargets: 5}"))
                .singleElement()
                .asString()
                .contains("steps[0].with.versionId: a version id names a version of one key");
    }

    @Test
    void aVersionIdWithSpacesOrEmptyOrAllVersionsNotABooleanIsRefused() throws Exception {
        assertThat(problems("{bucket: b-versioned, key: a.txt, versionId: \"a b\"}", ""))
                .anyMatch(p -> p.contains("a version id has no spaces or control characters"));
        assertThat(problems("{bucket: b-versioned, key: a.txt, versionId: \"\"}", ""))
                .isNotEmpty();
        assertThat(problems("{bucket: b-versioned, key: a.txt, allVersions: \"yes\"}", "guards: {maxTargets: 5}"))
                .anyMatch(p -> p.contains("allVersions"));
    }

    @Test
    void thePlanWarnsThatAPermanentDeleteLeavesNoMarkerAndAPlainOneThatVersionsAreKept() throws Exception {
        var action = ActionRegistry.standard().find("s3:DeleteObject").orElseThrow();
        assertThat(action.warnings(inputs("{bucket: b-versioned, key: a.txt, versionId: v1}", "")))
                .singleElement()
                .asString()
                .startsWith("permanently deletes object versions: no delete marker is left")
                .contains("MFA Delete");
        assertThat(action.warnings(inputs("{bucket: b-versioned, key: a.txt}", "")))
                .singleElement()
                .asString()
                .contains("a delete marker hides the object and earlier versions are kept");
    }
}
