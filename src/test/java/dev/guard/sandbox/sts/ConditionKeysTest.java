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
    void uniqueIdsAreDeterministicAndDistinct() {
        assertThat(IamDirectory.uniqueId("AIDA", CAROL)).isEqualTo(IamDirectory.uniqueId("AIDA", CAROL));
        assertThat(IamDirectory.uniqueId("AIDA", CAROL))
                .isNotEqualTo(IamDirectory.uniqueId("AIDA", "arn:aws:iam::111111111111:user/alice"));
    }
}
