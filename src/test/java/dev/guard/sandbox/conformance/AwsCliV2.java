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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS CLI v2 (Debian's awscli, /usr/bin/aws; the {@code aws} first on PATH may be v1) as a
 * process pointed at one endpoint, with only the credentials given: never the developer's own
 * configuration or keys.
 */
public final class AwsCliV2 {
    static final Path AWS = Path.of("/usr/bin/aws");
    private static final Pattern ERROR =
            Pattern.compile("An error occurred \\(([^)]+)\\) when calling the (\\w+) operation: (.*)", Pattern.DOTALL);

    /** What one invocation printed and returned (254: the service refused; 252: the CLI refused the input). */
    public record Run(int exit, String out, String err) {
        /** The error code AWS answered with, from the CLI's "An error occurred (Code) ..." line. */
        public String errorCode() {
            Matcher m = ERROR.matcher(err.strip());
            return m.find() ? m.group(1) : "";
        }

        /** The error line the CLI prints: "An error occurred (CODE) when calling the OP operation: MESSAGE". */
        public boolean failedWith(String code, String message) {
            return exit != 0 && err.contains("(" + code + ")") && err.contains(message);
        }

        /** The error message AWS answered with, as the CLI prints it. */
        public String errorMessage() {
            Matcher m = ERROR.matcher(err.strip());
            return m.find() ? m.group(3).strip() : "";
        }
    }

    private final URI endpoint;
    private final String region;
    private final Path configFile;

    private AwsCliV2(URI endpoint, String region, Path configFile) {
        this.endpoint = endpoint;
        this.region = region;
        this.configFile = configFile;
    }

    /** @param configFile an AWS config file (e.g. one setting {@code parameter_validation = false}), or none */
    AwsCliV2(URI endpoint, Path configFile) {
        this(endpoint, "us-east-1", configFile);
    }

    public AwsCliV2(URI endpoint) {
        this(endpoint, Path.of("/nonexistent/aws-config"));
    }

    /** The same CLI calling {@code region} instead of us-east-1. */
    AwsCliV2 inRegion(String region) {
        return new AwsCliV2(endpoint, region, configFile);
    }

    public static boolean present() {
        return Files.isExecutable(AWS);
    }

    /** Skips the calling test where the CLI v2 is not installed. */
    public static void assumeInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(present(), "AWS CLI v2 not installed at /usr/bin/aws");
    }

    /** Runs with an SDK credential (long-term keys, or session credentials with their token). */
    public Run run(software.amazon.awssdk.auth.credentials.AwsCredentials credentials, String... args)
            throws IOException, InterruptedException {
        Map<String, String> env = credentials(credentials);
        env.put("AWS_MAX_ATTEMPTS", "1");
        return run(env, args);
    }

    public Run run(Map<String, String> credentials, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(AWS.toString(), "--endpoint-url", endpoint.toString(), "--region", region, "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_CONFIG_FILE", configFile.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(credentials);
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        assertThat(done).as("aws finished").isTrue();
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * The environment of a CLI using an SDK credential, with the CLI's own retries (unlike {@link
     * #run(software.amazon.awssdk.auth.credentials.AwsCredentials, String...)}, whose one attempt
     * makes the CLI add "(reached max retries: 0)" to its error line).
     */
    public static Map<String, String> credentials(software.amazon.awssdk.auth.credentials.AwsCredentials c) {
        String token =
                c instanceof software.amazon.awssdk.auth.credentials.AwsSessionCredentials s ? s.sessionToken() : null;
        return credentials(c.accessKeyId(), c.secretAccessKey(), token);
    }

    /** The environment of a CLI using long-term keys or, with a token, temporary credentials. */
    public static Map<String, String> credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        if (sessionToken != null) {
            env.put("AWS_SESSION_TOKEN", sessionToken);
        }
        return env;
    }
}
