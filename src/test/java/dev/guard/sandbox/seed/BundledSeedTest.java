package dev.guard.sandbox.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The jar's seed is config/sandbox.yaml itself, as the pom bundles it: one file to edit. */
class BundledSeedTest {
    @Test
    void theClasspathServesConfigSandboxYamlByteForByte() throws IOException {
        assertThat(SeedLoader.bundledBytes()).isEqualTo(Files.readAllBytes(Path.of("config/sandbox.yaml")));
    }
}
