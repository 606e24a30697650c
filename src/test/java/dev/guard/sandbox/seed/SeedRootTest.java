package dev.guard.sandbox.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each account's root user in the seed: keys and the MFA device MFA Delete needs. */
class SeedRootTest {
    @Test
    void everyBundledAccountHasARootUserWithTheRootAccountMfaDevice() {
        for (SeedAccount account : SeedLoader.bundled().accounts()) {
            SeedRoot root = account.root().orElseThrow();
            assertThat(root.arn(account.id())).isEqualTo("arn:aws:iam::" + account.id() + ":root");
            assertThat(root.mfaDevice().orElseThrow().serial())
                    .isEqualTo("arn:aws:iam::" + account.id() + ":mfa/root-account-mfa-device");
            assertThat(root.toString()).doesNotContain(root.secretAccessKey());
        }
    }

    @Test
    void aRootKeyIsUniqueAcrossTheWorldAndItsDeviceInItsAccount() {
        String seed = "apiVersion: guard/v1\nkind: SandboxSeed\naccounts:\n"
                + "  - name: identity\n"
                + "    id: \"111111111111\"\n"
                + "    root:\n"
                + "      accessKeyId: AKIASANDBOXALICE0001\n"
                + "      secretAccessKey: SandboxOnlyAliceFakeSecretKeyDoNotUse/00\n"
                + "      mfaDevice: {serial: \"arn:aws:iam::222222222222:mfa/root-account-mfa-device\","
                + " secret: MFWGSY3FFVZWC3TEMJXXQLLNMZQS2MBR}\n"
                + "    users:\n"
                + "      - {name: alice, accessKeyId: AKIASANDBOXALICE0001,"
                + " secretAccessKey: SandboxOnlyAliceFakeSecretKeyDoNotUse/00}\n";
        SeedLoader.Result result = SeedLoader.parse(seed.getBytes(StandardCharsets.UTF_8), Path.of("seed.yaml"));
        assertThat(result.world()).isEmpty();
        List<String> problems =
                result.problems().sorted().stream().map(Object::toString).toList();
        assertThat(String.join("\n", problems))
                .contains("is in account 222222222222, not in its user's account 111111111111")
                .contains("AKIASANDBOXALICE0001");
    }
}
