package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The AWS CLI v2 (Debian's awscli at /usr/bin/aws) as a conformance client: one process per call,
 * pointed at an endpoint with explicit credentials and region, never the developer's own files.
 */
final class CliV2 {
    static final Path AWS = Path.of("/usr/bin/aws");

    /** What one invocation printed and returned. */
    record Run(int exit, String out, String err) {}

    private CliV2() {}

    static boolean present() {
        return Files.isExecutable(AWS);
    }

    static Run run(URI endpoint, String region, AwsCredentials credentials, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(AWS.toString(), "--endpoint-url", endpoint.toString(), "--region", region, "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_CONFIG_FILE", "/nonexistent/aws-config");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(environment(credentials));
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("aws finished").isTrue();
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> environment(AwsCredentials c) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
        if (c instanceof AwsSessionCredentials s) {
            env.put("AWS_SESSION_TOKEN", s.sessionToken());
        }
        return env;
    }
}
