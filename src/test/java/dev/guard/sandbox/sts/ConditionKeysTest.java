package dev.guard.sandbox.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.iam.Principal;
import dev.guard.sandbox.state.Caller;
import dev.guard.sandbox.state.IamDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which principal keys (the values of ${aws:username}, ${aws:userid}, ...) each kind of caller carries. */
class ConditionKeysTest {
    private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    private static final String CAROL = "arn:aws:iam::111111111111:user/carol";

    private static Caller caller(String arn, Caller.CredentialKind kind) {
        return new Caller(
                Principal.fromArn(arn), kind, Optional.empty(), Optional.of("carol"), Optional.empty(), List.of());
    }

    private static Map<String, List<String>> keys(Caller caller) {
        return ConditionKeys.of(caller, Optional.empty(), NOW, Optional.empty());
    }

    @Test
    void anIamUserHasUsernameUniqueIdAndAccountWithLongTermKeysAndSessionTokens() {
        String carolId = IamDirectory.uniqueId("AIDA", CAROL);
        for (Caller.CredentialKind kind :
                List.of(Caller.CredentialKind.LONG_TERM, Caller.CredentialKind.SESSION_TOKEN)) {
            Map<String, List<String>> keys = keys(caller(CAROL, kind));
            assertThat(keys).containsEntry("aws:username", List.of("carol"));
            assertThat(keys).containsEntry("aws:userid", List.of(carolId));
            assertThat(keys).containsEntry("aws:PrincipalAccount", List.of("111111111111"));
        }
        assertThat(carolId).startsWith("AIDA").hasSize(21);
    }

    @Test
    void aRoleSessionHasNoUsernameEvenWhenAUserAssumedItAndItsUserIdIsRoleIdColonSession() {
        Caller session = caller(
                "arn:aws:sts::444444444444:assumed-role/GuardRunnerRole/nightly", Caller.CredentialKind.ROLE_SESSION);
        Map<String, List<String>> keys = keys(session);

        assertThat(keys).doesNotContainKey("aws:username");
        assertThat(keys)
                .containsEntry(
                        "aws:userid",
                        List.of(IamDirectory.uniqueId("AROA", "arn:aws:iam::444444444444:role/GuardRunnerRole")
                                + ":nightly"));
        assertThat(keys).containsEntry("aws:PrincipalAccount", List.of("444444444444"));
        assertThat(keys.get("aws:userid").get(0)).startsWith("AROA");
    }

    @Test
    void longTermKeysCarryNoMfaKeysAtAllWhileTemporaryOnesSayWhetherMfaWasUsed() {
        Map<String, List<String>> longTerm = keys(caller(CAROL, Caller.CredentialKind.LONG_TERM));
        assertThat(longTerm).doesNotContainKeys("aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge");

        Map<String, List<String>> withoutMfa = keys(caller(CAROL, Caller.CredentialKind.SESSION_TOKEN));
        assertThat(withoutMfa).containsEntry("aws:MultiFactorAuthPresent", List.of("false"));
        assertThat(withoutMfa).doesNotContainKey("aws:MultiFactorAuthAge");

        Map<String, List<String>> withMfa = ConditionKeys.of(
                caller(CAROL, Caller.CredentialKind.SESSION_TOKEN),
                Optional.of(NOW.minusSeconds(125)),
                NOW,
                Optional.empty());
        assertThat(withMfa).containsEntry("aws:MultiFactorAuthPresent", List.of("true"));
        assertThat(withMfa).containsEntry("aws:MultiFactorAuthAge", List.of("125"));
    }

    @Test
    void principalArnAndTypeAreTheRoleForARoleSessionTheUserForAUserAndAccountForRoot() {
        Map<String, List<String>> session = keys(caller(
                "arn:aws:sts::444444444444:assumed-role/GuardRunnerRole/nightly", Caller.CredentialKind.ROLE_SESSION));
        assertThat(session)
                .containsEntry("aws:PrincipalArn", List.of("arn:aws:iam::444444444444:role/GuardRunnerRole"));
        assertThat(session).containsEntry("aws:PrincipalType", List.of("AssumedRole"));

        Map<String, List<String>> user = keys(caller(CAROL, Caller.CredentialKind.SESSION_TOKEN));
        assertThat(user).containsEntry("aws:PrincipalArn", List.of(CAROL));
        assertThat(user).containsEntry("aws:PrincipalType", List.of("User"));

        Caller root = new Caller(
                Principal.fromArn("arn:aws:iam::111111111111:root"),
                Caller.CredentialKind.LONG_TERM,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
        Map<String, List<String>> rootKeys = keys(root);
        assertThat(rootKeys).containsEntry("aws:PrincipalType", List.of("Account"));
        assertThat(rootKeys).containsEntry("aws:userid", List.of("111111111111"));
        assertThat(rootKeys).doesNotContainKey("aws:username");
    }

    @Test
    void everyRequestIsOverTlsFromLoopbackNowAndMadeByNoService() {
        for (Caller c : List.of(
                caller(CAROL, Caller.CredentialKind.LONG_TERM),
                caller(
                        "arn:aws:sts::444444444444:assumed-role/GuardRunnerRole/n",
                        Caller.CredentialKind.ROLE_SESSION))) {
            Map<String, List<String>> keys = keys(c);
            assertThat(keys).containsEntry("aws:SecureTransport", List.of("true"));
            assertThat(keys).containsEntry("aws:SourceIp", List.of("127.0.0.1"));
            assertThat(keys).containsEntry("aws:CurrentTime", List.of("2026-12-01T02:00:00Z"));
            assertThat(keys).containsEntry("aws:EpochTime", List.of(Long.toString(NOW.getEpochSecond())));
            assertThat(keys).containsEntry("aws:ViaAWSService", List.of("false"));
            assertThat(keys).containsEntry("aws:PrincipalIsAWSService", List.of("false"));
            assertThat(keys).doesNotContainKeys("aws:TokenIssueTime", "sts:ExternalId", "aws:CalledVia");
        }
    }

    @Test
    void aCallAddsItsRegionAndAssumeRoleAddsTheExternalIdAndSessionNameItWasGiven() {
        Caller carol = caller(CAROL, Caller.CredentialKind.LONG_TERM);
        var call = new dev.guard.sandbox.server.Call(
                carol, "AKIA", "POST", "/", "", Map.of(), new byte[0], "eu-west-1", "req", NOW);
        assertThat(ConditionKeys.of(call)).containsEntry("aws:RequestedRegion", List.of("eu-west-1"));

        Map<String, List<String>> assume = ConditionKeys.assumeRole(
                call,
                Optional.empty(),
                Optional.of("carol"),
                Map.of("ExternalId", "guard-audit-7f3a", "RoleSessionName", "audit"));
        assertThat(assume).containsEntry("sts:ExternalId", List.of("guard-audit-7f3a"));
        assertThat(assume).containsEntry("sts:RoleSessionName", List.of("audit"));
        assertThat(assume).containsEntry("sts:SourceIdentity", List.of("carol"));
        assertThat(assume).containsEntry("aws:RequestedRegion", List.of("eu-west-1"));
        assertThat(ConditionKeys.assumeRole(call, Optional.empty(), Optional.empty(), Map.of("RoleSessionName", "a")))
                .doesNotContainKey("sts:ExternalId");
    }

    @Test
    void uniqueIdsAreDeterministicAndDistinct() {
        assertThat(IamDirectory.uniqueId("AIDA", CAROL)).isEqualTo(IamDirectory.uniqueId("AIDA", CAROL));
        assertThat(IamDirectory.uniqueId("AIDA", CAROL))
                .isNotEqualTo(IamDirectory.uniqueId("AIDA", "arn:aws:iam::111111111111:user/alice"));
    }
}
