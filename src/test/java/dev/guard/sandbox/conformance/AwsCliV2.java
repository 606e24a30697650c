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
 * The AWS CLI v2 (Debian's awscli at /usr/bin/aws) as a process pointed at an endpoint, with the
 * given credentials and none of the developer's own configuration.
 */
final class AwsCliV2 {
    static final Path AWS = Path.of("/usr/bin/aws");

    /** What one invocation printed and returned. */
    record Run(int exit, String out, String err) {}

    private final URI endpoint;
    private final AwsCredentials credentials;

    AwsCliV2(URI endpoint, AwsCredentials credentials) {
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    static boolean installed() {
        return Files.isExecutable(AWS);
    }

    Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                AWS.toString(), "--endpoint-url", endpoint.toString(), "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials session) {
            env.put("AWS_SESSION_TOKEN", session.sessionToken());
        }
        Path out = Files.createTempFile("aws-cli", ".out");
        Path err = Files.createTempFile("aws-cli", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("aws finished").isTrue();
            return new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
