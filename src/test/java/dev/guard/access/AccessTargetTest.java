package dev.guard.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.config.Account;
import dev.guard.config.GuardConfig;
import dev.guard.error.GuardException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTargetTest {
    private static final GuardConfig CONFIG = new GuardConfig(
            Optional.of(Path.of("guard.yaml")),
            new GuardConfig.Identity(Optional.of("111111111111"), Optional.empty(), Optional.empty()),
            Optional.of("us-east-1"),
            Optional.of("PrivilegedActionsRole"),
            GuardConfig.Sessions.DEFAULTS,
            Map.of(
                    "identity", new Account("identity", "111111111111", Optional.empty(), false),
                    "development", new Account("development", "222222222222", Optional.empty(), false),
                    "audit", new Account("audit", "555555555555", Optional.of("AuditReader"), false)),
            Map.of(),
            Path.of("audit.jsonl"),
            Path.of("runbooks"));

    private static AccessTarget resolve(String account, String role, boolean limited) {
        return AccessTarget.resolve(CONFIG, Optional.ofNullable(account), Optional.ofNullable(role), limited);
    }

    @Test
    void withoutAnAccountItIsTheMfaSessionItself() {
        AccessTarget t = resolve(null, null, false);
        assertThat(t.account()).isEmpty();
        assertThat(t.roleArn()).isEmpty();
        assertThat(t.marker()).isEqualTo("session");
    }

    @Test
    void anAccountGetsItsOwnRoleElseTheDefaultOne() {
        assertThat(resolve("development", null, false).roleArn())
                .hasValue("arn:aws:iam::222222222222:role/PrivilegedActionsRole");
        assertThat(resolve("555555555555", null, false).roleArn())
                .hasValue("arn:aws:iam::555555555555:role/AuditReader");
        assertThat(resolve("development", null, false).marker()).isEqualTo("development");
    }

    @Test
    void roleOverridesByNameOrArn() {
        assertThat(resolve("development", "ReadOnly", false).roleArn())
                .hasValue("arn:aws:iam::222222222222:role/ReadOnly");
        AccessTarget byArn = resolve(null, "arn:aws:iam::222222222222:role/Ops", false);
        assertThat(byArn.account().map(Account::alias)).hasValue("development");
        assertThat(byArn.roleArn()).hasValue("arn:aws:iam::222222222222:role/Ops");
    }

    @Test
    void yourOwnAccountIsTheSessionItselfUnlessARoleIsNamed() {
        assertThat(resolve("identity", null, false).roleArn()).isEmpty();
        assertThat(resolve("identity", "Admin", false).roleArn()).hasValue("arn:aws:iam::111111111111:role/Admin");
    }

    @Test
    void refusals() {
        refused(
                () -> resolve("nope", null, false),
                "--account nope: not an account of guard.yaml (audit, development,"
                        + " identity), nor a 12-digit account id");
        refused(() -> resolve("development", "arn:aws:iam::333333333333:role/X", false), "is in account 333333333333");
        refused(() -> resolve(null, "Admin", false), "names no account");
        refused(() -> resolve("development", "not a role!", false), "--role: ");
        refused(() -> resolve(null, null, true), "need --account");
        refused(() -> resolve("identity", null, true), "has no role in the config");
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(GuardException.class).hasMessageContaining(message);
    }
}
