package dev.guard.credentials;

import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.aws.RateLimits;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.json.JsonReader;
import dev.guard.plan.Organization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * AWS Organizations read with the caller's base credentials (the management account's, or a
 * delegated administrator's, read permission; no MFA): ListAccounts, ListAccountsForParent and
 * ListTagsForResource, every page, through the retry layer.
 *
 * <p>Spoken by hand — JSON 1.1 over POST {@code /} with {@code X-Amz-Target:
 * AWSOrganizationsV20161128.<Op>}, signed with the SDK's own SigV4 signer for service {@code
 * organizations} in us-east-1 — because the SDK's {@code organizations} module is not available at
 * the SDK version guard pins, and mixing SDK versions breaks at run time. Three read-only calls do
 * not justify either.
 */
public final class OrganizationReader implements Organization {
    /** Organizations has one endpoint in the commercial partition, signed for us-east-1. */
    static final URI AWS_ENDPOINT = URI.create("https://organizations.us-east-1.amazonaws.com");

    /**
     * Pages read at most for one list: at 20 accounts a page, 20,000 accounts, above any
     * organization's quota of accounts.
     */
    static final int MAX_PAGES = 1000;

    private static final String PREFIX = "AWSOrganizationsV20161128.";
    private static final Set<String> DENIED = Set.of(
            "AccessDeniedException",
            "AccessDenied",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "ExpiredTokenException",
            "SignatureDoesNotMatch",
            "MissingAuthenticationToken");
    private static final Set<String> NOT_FOUND =
            Set.of("ParentNotFoundException", "TargetNotFoundException", "AccountNotFoundException");

    private static final Set<String> INVALID = Set.of("InvalidInputException", "ConstraintViolationException");

    private final SdkHttpClient http;
    private final URI endpoint;
    private final AwsCredentialsProvider base;
    private final Calls calls;

    /** @param endpoint an endpoint override (the sandbox), else AWS's own */
    public OrganizationReader(AwsClients clients, AwsCredentialsProvider base, Calls calls) {
        this.http = clients.http();
        this.endpoint = clients.endpoint().orElse(AWS_ENDPOINT);
        this.base = base;
        this.calls = calls;
    }

    /**
     * A reader for {@code connection}'s endpoint and base credentials, its calls held to the
     * config's rate for {@code organizations} ({@link RateLimits}: AWS answers bursts to its one
     * global endpoint with TooManyRequestsException).
     *
     * @param warn where the retry layer reports retries
     */
    public static OrganizationReader of(
            Connection connection,
            dev.guard.config.Environment env,
            dev.guard.config.GuardConfig config,
            java.util.function.Consumer<String> warn) {
        // Its HTTP client lives as long as the plan that reads through it; it holds no connection open.
        AwsClients clients = new AwsClients(
                connection.endpoint(), AwsClients.attemptTimeout(env.get(AwsClients.ATTEMPT_TIMEOUT_VARIABLE)));
        Calls calls = new RateLimits(config.limits().rates()).limit(Calls.standard(warn), "organizations");
        return new OrganizationReader(clients, connection.base(), calls);
    }

    @Override
    public List<MemberAccount> accounts(Optional<String> parent) {
        String operation = parent.isPresent() ? "ListAccountsForParent" : "ListAccounts";
        List<MemberAccount> out = new ArrayList<>();
        pages(
                operation,
                parent.map(p -> Map.of("ParentId", p)).orElse(Map.of()),
                page -> out.addAll(OrganizationAnswers.accounts(operation, page)));
        return out;
    }

    @Override
    public Map<String, String> tags(String accountId) {
        Map<String, String> out = new LinkedHashMap<>();
        String operation = "ListTagsForResource";
        pages(
                operation,
                Map.of("ResourceId", accountId),
                page -> OrganizationAnswers.tags(operation, page).forEach(t -> out.put(t.getKey(), t.getValue())));
        return out;
    }

    /**
     * Every page, each handed to {@code page} as it comes. An endpoint that hands back a token it
     * already gave, or pages without end, is stopped: otherwise plan, run and apply wait forever.
     */
    private void pages(String operation, Map<String, String> request, Consumer<Map<String, Object>> page) {
        Set<String> seen = new HashSet<>();
        Optional<String> next = Optional.empty();
        int read = 0;
        do {
            if (read == MAX_PAGES) {
                throw new GuardException(
                        ExitCode.ACTION_FAILED,
                        "AWS Organizations " + operation + " answered more than " + MAX_PAGES
                                + " pages; stopped reading (no organization has that many accounts)");
            }
            Map<String, String> body = new LinkedHashMap<>(request);
            next.ifPresent(t -> body.put("NextToken", t));
            Map<String, Object> answer = call(operation, body, request);
            read++;
            page.accept(answer);
            next = OrganizationAnswers.nextToken(operation, answer);
            if (next.isPresent() && !seen.add(next.get())) {
                throw new GuardException(
                        ExitCode.ACTION_FAILED,
                        "AWS Organizations " + operation + " answered a NextToken it had already given (page " + read
                                + "); stopped reading instead of going round forever");
            }
        } while (next.isPresent());
    }

    private Map<String, Object> call(String operation, Map<String, String> body, Map<String, String> request) {
        try {
            return calls.call("organizations " + operation, () -> once(operation, body));
        } catch (Refused r) {
            throw refusal(operation, r, request);
        } catch (AwsServiceException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "AWS Organizations " + operation + " failed: "
                            + e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + "), after retries");
        } catch (SdkException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not reach AWS Organizations at " + endpoint + " (" + Calls.ioReason(e) + ")");
        }
    }

    private static GuardException refusal(String operation, Refused r, Map<String, String> request) {
        String why = r.code + (r.getMessage().isEmpty() ? "" : ": " + r.getMessage());
        if (DENIED.contains(r.code)) {
            return new GuardException(
                    ExitCode.AUTH_FAILED,
                    "the caller may not read the organization (" + why + "): list the accounts or use a config group"
                            + " instead");
        }
        if (r.code.equals("AWSOrganizationsNotInUseException")) {
            return new GuardException(
                    ExitCode.INVALID_INPUT,
                    "the caller's account is not in an organization (" + why + "): list the accounts or use a config"
                            + " group instead");
        }
        String what = request.containsKey("ParentId")
                ? "organizationalUnit " + request.get("ParentId")
                : "account " + request.getOrDefault("ResourceId", "?");
        if (NOT_FOUND.contains(r.code)) {
            return new GuardException(ExitCode.INVALID_INPUT, what + " is not in the organization (" + why + ")");
        }
        // A well-formed id AWS will not take (an OU id of another organization's form, a root's
        // child that is not an OU): the runbook's input, as the README promises, exit 2.
        if (INVALID.contains(r.code) && (request.containsKey("ParentId") || request.containsKey("ResourceId"))) {
            return new GuardException(
                    ExitCode.INVALID_INPUT, what + " was refused by AWS Organizations as input (" + why + ")");
        }
        return new GuardException(ExitCode.ACTION_FAILED, "AWS Organizations " + operation + " refused: " + why);
    }

    /** One signed attempt; throttling, 5xx and I/O failures are thrown as the SDK's, so the retry layer retries them. */
    private Map<String, Object> once(String operation, Map<String, String> body) {
        byte[] payload = Json.compact(body).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("X-Amz-Target", PREFIX + operation)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("Content-Length", String.valueOf(payload.length))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(base.resolveCredentials())
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "organizations")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                            .request(signed.request())
                            .contentStreamProvider(signed.payload().orElse(null))
                            .build())
                    .call();
            byte[] answer = read(response.responseBody());
            int status = response.httpResponse().statusCode();
            if (status / 100 == 2) {
                return OrganizationAnswers.parse(operation, answer);
            }
            throw failure(status, answer, response.httpResponse().firstMatchingHeader("x-amzn-ErrorType"));
        } catch (IOException e) {
            throw SdkClientException.builder()
                    .message("AWS Organizations " + operation + ": " + e.getMessage())
                    .cause(e)
                    .build();
        }
    }

    private static byte[] read(Optional<? extends InputStream> body) throws IOException {
        if (body.isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = body.get()) {
            return in.readAllBytes();
        }
    }

    private static RuntimeException failure(int status, byte[] answer, Optional<String> typeHeader) {
        String type = typeHeader.orElse("");
        String message = "";
        try {
            Map<String, Object> error = JsonReader.parseObject(answer);
            type = type.isEmpty() ? text(error.get("__type")) : type;
            message = text(error.get("message") != null ? error.get("message") : error.get("Message"));
        } catch (RuntimeException e) {
            // Not JSON (a proxy's page): the status says enough.
        }
        // "com.amazonaws.organizations#AccessDeniedException" or "AccessDeniedException:http://..."
        String code = type.substring(type.lastIndexOf('#') + 1).split(":")[0];
        code = code.isEmpty() ? "HTTP " + status : code;
        if (status >= 500 || status == 429 || Calls.THROTTLING.contains(code)) {
            throw AwsServiceException.builder()
                    .statusCode(status)
                    .message(message)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode(code)
                            .errorMessage(message)
                            .serviceName("Organizations")
                            .build())
                    .build();
        }
        return new Refused(code, message);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** An answer retrying cannot change (denied, not found): not an SDK exception, so never retried. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
