package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The AWS CLI v2 (/usr/bin/aws; the {@code aws} first on PATH may be v1) as a conformance client: a
 * process with the endpoint and credentials in its environment and nothing of the developer's own
 * configuration, as AwsCliIT runs it.
 */
final class AwsCliV2 {
    static final Path AWS = Path.of("/usr/bin/aws");

    /** What one invocation printed and returned. */
    record Run(int exit, String out, String err) {}

    private AwsCliV2() {}

    static boolean present() {
        return Files.isExecutable(AWS);
    }

    static Run run(URI endpoint, AwsCredentials credentials, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                AWS.toString(), "--endpoint-url", endpoint.toString(), "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // The CLI retries 5xx answers (S3's 501 among them): once is what a conformance check wants.
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials session) {
            env.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        assertThat(done).as("aws finished").isTrue();
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
