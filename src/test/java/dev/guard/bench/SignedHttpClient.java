package dev.guard.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * A light load generator for bench/sandbox: signs every request afresh with the AWS SDK's own
 * SigV4 signer ({@link AwsV4HttpSigner}, the one the SDK clients use) and sends it over one
 * keep-alive HTTP/1.1 connection on a plain socket — no SDK client pipeline (interceptors,
 * marshalling, XML unmarshalling), so the 2 cores go to the server under test, not the client.
 * Not thread-safe: one per load thread.
 */
final class SignedHttpClient implements AutoCloseable {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    private static final String REGION = "us-east-1";

    private final URI endpoint;
    private final AwsCredentials creds;
    private final AwsCredentials ec2Creds;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SignedHttpClient(URI endpoint, AwsCredentials creds, AwsCredentials ec2Creds) {
        this.endpoint = endpoint;
        this.creds = creds;
        this.ec2Creds = ec2Creds;
    }

    /** sts:GetCallerIdentity (query protocol, form POST). Returns the HTTP status. */
    int getCallerIdentity() {
        return form("sts", creds, "Action=GetCallerIdentity&Version=2011-06-15");
    }

    /** ec2:DescribeInstances, all instances (query protocol, form POST). */
    int describeInstances() {
        return form("ec2", ec2Creds, "Action=DescribeInstances&Version=2016-11-15");
    }

    int getObject(String bucket, String key) {
        return s3(SdkHttpMethod.GET, "/" + bucket + "/" + key, Map.of(), null);
    }

    int listObjectsV2(String bucket, String prefix, int maxKeys) {
        return s3(
                SdkHttpMethod.GET,
                "/" + bucket,
                Map.of("list-type", "2", "prefix", prefix, "max-keys", Integer.toString(maxKeys)),
                null);
    }

    /** s3:PutObject as the SDK sends it over http: aws-chunked, every chunk signed, a CRC32 trailer. */
    int putObject(String bucket, String key, byte[] content) {
        return s3(SdkHttpMethod.PUT, "/" + bucket + "/" + key, Map.of(), content);
    }

    private int form(String service, AwsCredentials identity, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .uri(endpoint)
                .encodedPath("/")
                .method(SdkHttpMethod.POST)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .build();
        SignedRequest signed = SIGNER.sign(r -> r.identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION));
        return send(signed.request(), bytes);
    }

    private int s3(SdkHttpMethod method, String path, Map<String, String> query, byte[] content) {
        SdkHttpRequest.Builder builder =
                SdkHttpRequest.builder().uri(endpoint).encodedPath(path).method(method);
        query.forEach(builder::putRawQueryParameter);
        if (content != null) {
            builder.putHeader("Content-Type", "text/plain; charset=UTF-8")
                    .putHeader("Content-Length", Integer.toString(content.length));
        }
        SdkHttpRequest request = builder.build();
        SignedRequest signed = SIGNER.sign(r -> {
            r.identity(creds)
                    .request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false);
            if (content != null) {
                r.payload(ContentStreamProvider.fromByteArrayUnsafe(content))
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32);
            }
        });
        byte[] body = null;
        if (content != null) {
            try (InputStream stream = signed.payload().orElseThrow().newStream()) {
                body = stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return send(signed.request(), body);
    }

    private int send(SdkHttpRequest request, byte[] body) {
        StringBuilder head = new StringBuilder(1024);
        head.append(request.method().name()).append(' ').append(request.encodedPath());
        request.encodedQueryParameters().ifPresent(q -> head.append('?').append(q));
        head.append(" HTTP/1.1\r\n");
        boolean hasLength = false;
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            hasLength |= header.getKey().equalsIgnoreCase("Content-Length");
            for (String value : header.getValue()) {
                head.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        if (!hasLength && body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try {
            connect();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket(endpoint.getHost(), endpoint.getPort());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }
    }

    /** Reads one whole response (Content-Length, chunked, or to EOF) and returns its status. */
    private int readResponse() throws IOException {
        String status = line();
        if (status.isEmpty()) {
            throw new IOException("connection closed before a response");
        }
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        boolean keepAlive = status.startsWith("HTTP/1.1");
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
                default -> {}
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16);
                    size > 0;
                    size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
                skip(size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            skip(length);
        } else {
            in.transferTo(OutputStream.nullOutputStream());
            keepAlive = false;
        }
        if (!keepAlive) {
            close();
        }
        return code;
    }

    private void skip(long n) throws IOException {
        in.skipNBytes(n);
    }

    private String line() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                break;
            }
            if (b != '\r') {
                buffer.write(b);
            }
        }
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
