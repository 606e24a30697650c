package dev.guard.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.iam.NamedPolicy;
import dev.guard.sandbox.iam.PolicyDocument;
import dev.guard.sandbox.iam.Principal;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Service;
import dev.guard.sandbox.state.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule "what is not modelled is refused", from the inside: every operation AWS has for a service
 * (botocore's list, in src/test/resources/aws-operations) is handed to that service by an
 * administrator, and exactly the ones {@link Service#modelledOperations()} lists get past the
 * service's "not implemented" answer — a listed one that falls through to the refusal, or an
 * unlisted one the service answers, fails here by name.
 */
class ModelledOperationsTest {
    /** Each service's answer to an operation it does not model. */
    private static final Map<String, Set<String>> UNMODELLED = Map.of(
            "sts", Set.of("InvalidAction"),
            "iam", Set.of("InvalidAction"),
            "ec2", Set.of("InvalidAction"),
            "dynamodb", Set.of("UnknownOperationException"),
            "organizations", Set.of("UnknownOperationException"),
            "s3", Set.of("NotImplemented", "MethodNotAllowed"));

    /**
     * S3 requests whose wire shape is another operation's, which the journal may name by the other:
     * ListObjects (version 1) is GET /bucket without list-type=2, answered by the ListObjectsV2
     * route while that route does not require list-type=2. The others are deprecated names of the
     * same requests, named by the current operation.
     */
    private static final Map<String, String> S3_SHAPE_TWINS = Map.of(
            "ListObjects", "ListObjectsV2",
            "GetBucketLifecycle", "GetBucketLifecycleConfiguration",
            "PutBucketLifecycle", "PutBucketLifecycleConfiguration",
            "GetBucketNotification", "GetBucketNotificationConfiguration",
            "PutBucketNotification", "PutBucketNotificationConfiguration");

    private static SandboxFixture fixture;
    private static final Caller ADMIN = new Caller(
            Principal.fromArn("arn:aws:iam::111111111111:user/admin"),
            Caller.CredentialKind.LONG_TERM,
            Optional.of(Instant.now()),
            Optional.of("admin"),
            Optional.empty(),
            List.of(new NamedPolicy("Admin", PolicyDocument.parseJson("""
                    {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"""))));

    @BeforeAll
    static void start() throws Exception {
        fixture = new SandboxFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void stsAnswersExactlyTheOperationsItLists() throws IOException {
        assertDispatch("sts");
    }

    @Test
    void iamAnswersExactlyTheOperationsItLists() throws IOException {
        assertDispatch("iam");
    }

    @Test
    void ec2AnswersExactlyTheOperationsItLists() throws IOException {
        assertDispatch("ec2");
    }

    @Test
    void dynamoDbAnswersExactlyTheOperationsItLists() throws IOException {
        assertDispatch("dynamodb");
    }

    @Test
    void organizationsAnswersExactlyTheOperationsItLists() throws IOException {
        assertDispatch("organizations");
    }

    @Test
    void s3AnswersExactlyTheOperationsItLists() throws IOException {
        Service s3 = service("s3");
        Set<String> answered = new LinkedHashSet<>();
        List<String> misnamed = new ArrayList<>();
        for (String line : lines("s3")) {
            String[] parts = line.split(" ");
            String operation = parts[0];
            Map<String, List<String>> headers = new HashMap<>();
            headers.put("host", List.of("127.0.0.1"));
            for (int i = 3; i < parts.length; i++) {
                headers.put(parts[i], List.of("guard-approvals/approvals/source"));
            }
            String[] pathAndQuery = parts[2].split("\\?", 2);
            Call call = call(parts[1], pathAndQuery[0], pathAndQuery.length > 1 ? pathAndQuery[1] : null, headers, "");
            String named = s3.operation(call);
            if (!refusedAsUnmodelled("s3", call, s3)) {
                answered.add(named); // the route that answered it
            }
            if (!named.equals(operation) && !named.equals(S3_SHAPE_TWINS.get(operation))) {
                misnamed.add(line + " is journalled as " + (named.isEmpty() ? "nothing" : named));
            }
        }
        assertThat(misnamed).as("requests the journal names wrongly").isEmpty();
        assertThat(answered)
                .as("operations s3 answers (left) and lists in modelledOperations() (right)")
                .containsExactlyInAnyOrderElementsOf(s3.modelledOperations());
    }

    private static void assertDispatch(String name) throws IOException {
        Service service = service(name);
        List<String> answered = new ArrayList<>();
        for (String operation : lines(name)) {
            Call call = switch (name) {
                case "dynamodb" ->
                    call(
                            "POST",
                            "/",
                            null,
                            Map.of("x-amz-target", List.of("DynamoDB_20120810." + operation)),
                            "{\"TableName\": \"guard-locks\"}");
                case "organizations" ->
                    call(
                            "POST",
                            "/",
                            null,
                            Map.of("x-amz-target", List.of("AWSOrganizationsV20161128." + operation)),
                            "{}");
                default -> call("POST", "/", null, Map.of(), "Action=" + operation + "&Version=1");
            };
            if (!refusedAsUnmodelled(name, call, service)) {
                answered.add(operation);
            }
        }
        assertThat(answered)
                .as("operations " + name + " answers (left) and lists in modelledOperations() (right)")
                .containsExactlyInAnyOrderElementsOf(service.modelledOperations());
    }

    private static boolean refusedAsUnmodelled(String name, Call call, Service service) {
        try {
            service.handle(call);
            return false;
        } catch (AwsError e) {
            return UNMODELLED.get(name).contains(e.code());
        } catch (RuntimeException other) {
            return false; // it got as far as a handler (with a probe's nonsense input)
        }
    }

    private static Call call(String method, String path, String query, Map<String, List<String>> headers, String body) {
        return new Call(
                ADMIN,
                "AKIAADMIN",
                method,
                path,
                query,
                headers,
                body.getBytes(StandardCharsets.UTF_8),
                "us-east-1",
                "request",
                fixture.clock.instant());
    }

    private static Service service(String name) {
        return fixture.sandbox.services().stream()
                .filter(s -> s.signingName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> lines(String service) throws IOException {
        try (InputStream in = ModelledOperationsTest.class.getResourceAsStream("/aws-operations/" + service + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        }
    }
}
