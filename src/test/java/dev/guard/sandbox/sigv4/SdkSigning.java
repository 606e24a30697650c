package dev.guard.sandbox.sigv4;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs requests with the real AWS SDK v2 signer under a fixed clock, and turns what it would send
 * into the {@link SignedRequest} a server would receive.
 */
final class SdkSigning {
    static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String REGION = "us-east-1";

    static final KnownCredential ALICE = new KnownCredential(
            "AKIAALICE00000000001",
            "aliceSecretKey/abcdefghijklmnopqrstuvwxyz0",
            Optional.empty(),
            Optional.empty(),
            "AIDAALICE");
    static final KnownCredential SESSION = new KnownCredential(
            "ASIASESSION000000001",
            "sessionSecret+KEY/abcdefghijklmnopqrstuvwx",
            Optional.of("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+/=="),
            Optional.of(NOW.plusSeconds(3600)),
            "AROAROLE:guard");
    static final KnownCredential EXPIRED = new KnownCredential(
            "ASIAEXPIRED000000001",
            "expiredSecret/abcdefghijklmnopqrstuvwxyz01",
            Optional.of("expiredToken/abc=="),
            Optional.of(NOW.minusSeconds(1)),
            "AROAROLE:old");

    private SdkSigning() {}

    static CredentialStore store() {
        Map<String, KnownCredential> known = new HashMap<>();
        for (KnownCredential credential : List.of(ALICE, SESSION, EXPIRED)) {
            known.put(credential.accessKeyId(), credential);
        }
        return accessKeyId -> Optional.ofNullable(known.get(accessKeyId));
    }

    static SigV4Verifier verifier() {
        return new SigV4Verifier(store(), CLOCK);
    }

    static AwsCredentialsIdentity identity(KnownCredential credential) {
        return credential.sessionToken().isPresent()
                ? AwsSessionCredentials.create(
                        credential.accessKeyId(),
                        credential.secretAccessKey(),
                        credential.sessionToken().get())
                : AwsBasicCredentials.create(credential.accessKeyId(), credential.secretAccessKey());
    }

    static SdkHttpFullRequest.Builder request(String method, String uri) {
        return SdkHttpFullRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.fromValue(method))
                .uri(URI.create(uri));
    }

    static SignedRequest sign(
            SdkHttpFullRequest.Builder request,
            String body,
            String service,
            KnownCredential credential,
            Consumer<SignRequest.Builder<AwsCredentialsIdentity>> properties) {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> {
                    r.identity(identity(credential))
                            .request(request.build())
                            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                            .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                            .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, CLOCK);
                    if (bytes != null) {
                        r.payload(ContentStreamProvider.fromByteArray(bytes));
                    }
                    properties.accept(r);
                });
        return received(signed.request(), signed.payload().map(SdkSigning::read).orElse(new byte[0]));
    }

    static SignedRequest sign(SdkHttpFullRequest.Builder request, String body, String service) {
        return sign(request, body, service, ALICE, r -> {});
    }

    /** What an HTTP server sees: the path and query as the SDK's client puts them on the wire. */
    static SignedRequest received(SdkHttpRequest request, byte[] body) {
        URI uri = request.getUri();
        Map<String, List<String>> headers = new HashMap<>();
        request.forEachHeader((name, values) -> headers.put(name, values));
        return new SignedRequest(request.method().name(), uri.getRawPath(), uri.getRawQuery(), headers, body);
    }

    static byte[] read(ContentStreamProvider provider) {
        try (InputStream in = provider.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
