package dev.guard.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Requests the SDK clients will not send (a body swapped after signing, a header added after
 * signing): signed by the SDK's own SigV4 signer, then changed, then sent over plain HTTP.
 */
final class RawSigned {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private RawSigned() {}

    /**
     * Signs {@code method path} with {@code body} for {@code service} in us-east-1; {@code
     * unsignedPayload} signs UNSIGNED-PAYLOAD (declared in x-amz-content-sha256) instead of the body's hash.
     */
    static SignedRequest sign(
            URI endpoint,
            AwsCredentials credentials,
            String service,
            String method,
            String path,
            Map<String, String> headers,
            String body,
            boolean unsignedPayload) {
        // Signed as if for https, where the SDK's signer may leave the payload unsigned; the scheme
        // is not part of what is signed, so the request is then sent over the sandbox's plain http.
        URI https = URI.create(endpoint.toString().replaceFirst("^http:", "https:"));
        SdkHttpRequest.Builder request =
                SdkHttpRequest.builder().uri(https).encodedPath(path).method(SdkHttpMethod.fromValue(method));
        headers.forEach(request::putHeader);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, !unsignedPayload));
    }

    /** Sends {@code signed} with {@code body} (maybe not the one signed) and {@code extra} headers added after signing. */
    static HttpResponse<String> send(SignedRequest signed, String body, UnaryOperator<HttpRequest.Builder> extra)
            throws Exception {
        SdkHttpRequest request = signed.request();
        URI plain = URI.create(request.getUri().toString().replaceFirst("^https:", "http:"));
        HttpRequest.Builder http = HttpRequest.newBuilder(plain)
                .timeout(Duration.ofSeconds(60))
                .method(request.method().name(), HttpRequest.BodyPublishers.ofString(body));
        request.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return HTTP.send(extra.apply(http).build(), HttpResponse.BodyHandlers.ofString());
    }
}
