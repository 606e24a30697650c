package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The sandbox as a server: clients that stall or send what nobody authenticated cannot take it
 * down for the others. Raw sockets, since no SDK sends half a request.
 */
class SandboxLimitsIT {
    private static final String BUCKET = "guard-protected-artifacts";
    // Generous: these bound a hang, they do not measure speed.
    private static final int PATIENCE_MILLIS = 60_000;
    private static final long SIXTY_MIB = 60L * 1024 * 1024;

    @Test
    void clientsStalledInTheirHeadersNeitherBlockOthersNorStayConnected() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            List<Socket> stalled = new ArrayList<>();
            try {
                // More than the 16 workers the sandbox used to have, each holding one mid-headers.
                for (int i = 0; i < 40; i++) {
                    Socket socket = connect(f.endpoint());
                    socket.getOutputStream()
                            .write(("GET /" + BUCKET + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                                    .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    stalled.add(socket);
                }
                assertThat(f.sts(f.keys("bob")).getCallerIdentity().arn()).endsWith(":user/bob");
                // And the stalled ones are disconnected by the server, not kept forever.
                for (Socket socket : stalled) {
                    assertThat(readToEnd(socket.getInputStream())).doesNotContain("200 OK");
                }
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void largeUnauthenticatedBodiesAreRefusedBeforeTheyAreSent() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            String amzDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(ZoneOffset.UTC)
                    .format(f.clock.instant());
            String badSignature = "Authorization: AWS4-HMAC-SHA256 Credential="
                    + f.user("bob").accessKeyId() + "/"
                    + amzDate.substring(0, 8) + "/us-east-1/s3/aws4_request,"
                    + " SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + "0".repeat(64) + "\r\n";
            for (int i = 0; i < 4; i++) {
                // A known key with a wrong signature over a declared (unsigned) payload...
                assertThat(refusedEarly(
                                f.endpoint(),
                                "PUT /" + BUCKET + "/big-" + i,
                                "x-amz-content-sha256: UNSIGNED-PAYLOAD\r\nx-amz-date: " + amzDate + "\r\n"
                                        + badSignature))
                        .startsWith("HTTP/1.1 403")
                        .contains("<Code>SignatureDoesNotMatch</Code>");
                // ...one that declares no payload hash, as S3 requires (the seed's keys are public)...
                assertThat(refusedEarly(
                                f.endpoint(),
                                "PUT /" + BUCKET + "/big-" + i,
                                "x-amz-date: " + amzDate + "\r\n"
                                        + badSignature.replace(
                                                "host;x-amz-content-sha256;x-amz-date", "host;x-amz-date")))
                        .startsWith("HTTP/1.1 400")
                        .contains("<Code>InvalidRequest</Code>")
                        .contains("x-amz-content-sha256");
                // ...no signature at all...
                assertThat(refusedEarly(f.endpoint(), "PUT /" + BUCKET + "/big-" + i, ""))
                        .startsWith("HTTP/1.1 403")
                        .contains("<Code>AccessDenied</Code>");
                // ...and a query API body far over its 1 MiB, whose signature only its body could
                // prove, refused by its length alone.
                assertThat(refusedEarly(
                                f.endpoint(),
                                "POST /",
                                "Content-Type: application/x-www-form-urlencoded\r\nx-amz-date: " + amzDate + "\r\n"
                                        + badSignature
                                                .replace("/s3/", "/sts/")
                                                .replace("host;x-amz-content-sha256;x-amz-date", "host;x-amz-date")))
                        .startsWith("HTTP/1.1 413")
                        .contains("<Code>RequestEntityTooLarge</Code>");
                assertThat(refusedEarly(f.endpoint(), "POST /", "Content-Type: application/x-www-form-urlencoded\r\n"))
                        .startsWith("HTTP/1.1 403")
                        .contains("<Code>MissingAuthenticationToken</Code>");
            }
            assertThat(f.sts(f.keys("bob")).getCallerIdentity().arn()).endsWith(":user/bob");
        }
    }

    @Test
    void anObjectOverTheSandboxLimitIsRefusedAsS3RefusesATooLargeUpload() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            var session = SandboxFixture.session(f.sts(f.keys("alice"))
                    .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                    .credentials());
            byte[] tooLarge = new byte[64 * 1024 * 1024 + 1];
            assertThatThrownBy(() -> f.s3(session)
                            .putObject(r -> r.bucket(BUCKET).key("releases/huge.bin"), RequestBody.fromBytes(tooLarge)))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityTooLarge");
                    });
            byte[] atTheLimit = new byte[64 * 1024 * 1024];
            f.s3(session).putObject(r -> r.bucket(BUCKET).key("releases/large.bin"), RequestBody.fromBytes(atTheLimit));
            assertThat(f.s3(session)
                            .headObject(r -> r.bucket(BUCKET).key("releases/large.bin"))
                            .contentLength())
                    .isEqualTo(atTheLimit.length);
        }
    }

    @Test
    void theJournalAnswersOnlyGetOnItsOwnPath() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            HttpClient http = HttpClient.newHttpClient();
            URI journal = f.endpoint().resolve("/_guard/journal");
            assertThat(status(http, HttpRequest.newBuilder(journal).GET())).isEqualTo(200);
            assertThat(status(http, HttpRequest.newBuilder(journal).DELETE())).isEqualTo(405);
            assertThat(status(http, HttpRequest.newBuilder(journal).POST(HttpRequest.BodyPublishers.ofString("x"))))
                    .isEqualTo(405);
            assertThat(status(
                            http,
                            HttpRequest.newBuilder(f.endpoint().resolve("/_guard/journal/anything"))
                                    .GET()))
                    .isEqualTo(404);
            assertThat(status(
                            http,
                            HttpRequest.newBuilder(f.endpoint().resolve("/_guard/journalx"))
                                    .GET()))
                    .isEqualTo(404);
        }
    }

    private static int status(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(
                        request.timeout(Duration.ofMillis(PATIENCE_MILLIS)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * Sends a request that declares a 60 MiB body, then only its first 16 KiB, and reads the
     * answer: it can only come if the server refused without waiting for the rest.
     */
    private static String refusedEarly(URI endpoint, String requestLine, String headers) throws IOException {
        try (Socket socket = connect(endpoint)) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1:" + endpoint.getPort() + "\r\nContent-Length: "
                            + SIXTY_MIB + "\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[16 * 1024]);
            out.flush();
            return readResponse(socket.getInputStream());
        }
    }

    private static Socket connect(URI endpoint) throws IOException {
        Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
        socket.setSoTimeout(PATIENCE_MILLIS);
        return socket;
    }

    /** One HTTP response: its head, then as many bytes as its Content-Length says. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return head.toString();
            }
            head.append((char) c);
        }
        int length = head.toString()
                .lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .map(line ->
                        Integer.parseInt(line.substring(line.indexOf(':') + 1).strip()))
                .findFirst()
                .orElse(0);
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** What the server sent until it closed the connection (a reset counts as closed). */
    private static String readToEnd(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketException reset) {
            // The server closed with unread request bytes; what it sent before is in text.
        }
        return text.toString();
    }
}
