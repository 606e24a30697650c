package dev.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config's {@code limits:}: calls per second by service, mistakes at their line. */
class ConfigLimitsTest {
    @TempDir
    Path dir;

    private ConfigLoader.Result read(String limits) throws Exception {
        Path file =
                Files.writeString(dir.resolve("guard.yaml"), "apiVersion: guard/v1\nkind: Config\nlimits:\n" + limits);
        return new ConfigLoader(new Environment(dir, Map.of(), dir.resolve("home"))).read(file);
    }

    private static List<String> messages(ConfigLoader.Result result) {
        return result.problems().sorted().stream().map(Object::toString).toList();
    }

    @Test
    void ratesAreReadByService() throws Exception {
        ConfigLoader.Result result = read("  rates: {ec2: 20, sts: 10}\n");

        assertThat(messages(result)).isEmpty();
        assertThat(result.config().orElseThrow().limits().rates())
                .containsExactlyInAnyOrderEntriesOf(Map.of("ec2", 20, "sts", 10));
    }

    @Test
    void anUnknownServiceOrARateOutOfRangeIsRefusedWhereItIsWritten() throws Exception {
        ConfigLoader.Result result = read("  rates: {ec3: 20, s3: 0}\n");

        assertThat(result.config()).isEmpty();
        assertThat(messages(result))
                .containsExactly(
                        "guard.yaml:4:11: unknown key 'ec3' in limits.rates (allowed: dynamodb, ec2, iam, organizations,"
                                + " s3, sts); did you mean 'ec2'?",
                        "guard.yaml:4:24: limits.rates.s3: 0 is out of range (1..10000)");
    }

    @Test
    void withoutLimitsTheDefaultsApply() throws Exception {
        Path file = Files.writeString(dir.resolve("guard.yaml"), "apiVersion: guard/v1\nkind: Config\n");

        GuardConfig config = new ConfigLoader(new Environment(dir, Map.of(), dir.resolve("home")))
                .read(file)
                .config()
                .orElseThrow();

        assertThat(config.limits()).isEqualTo(GuardConfig.Limits.DEFAULTS);
    }
}
