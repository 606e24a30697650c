package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The AWS CLI v2 (/usr/bin/aws; the {@code aws} first on PATH may be v1) as a user runs it against
 * an endpoint: keys in the environment, never the developer's own configuration. Conformance
 * suites call {@link #assumeInstalled()} first, so they skip where the CLI is absent.
 */
final class AwsCliV2 {
    static final Path AWS = Path.of("/usr/bin/aws");

    /** What one invocation printed and returned. */
    record Run(int exit, String out, String err) {
        /** The error line the CLI prints: "An error occurred (CODE) when calling the OP operation: MESSAGE". */
        boolean failedWith(String code, String message) {
            return exit != 0 && err.contains("(" + code + ")") && err.contains(message);
        }
    }

    private final URI endpoint;

    AwsCliV2(URI endpoint) {
        this.endpoint = endpoint;
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(AWS), "AWS CLI v2 not installed at /usr/bin/aws");
    }

    Run run(AwsCredentials credentials, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                AWS.toString(), "--endpoint-url", endpoint.toString(), "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials s) {
            env.put("AWS_SESSION_TOKEN", s.sessionToken());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        assertThat(done).as("aws finished").isTrue();
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
