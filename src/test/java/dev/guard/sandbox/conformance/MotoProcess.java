package dev.guard.sandbox.conformance;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * A moto_server on a free port for wire-shape comparisons; absent when moto_server is not on PATH.
 * Its environment drops every AWS_ variable (an inherited empty AWS_PROFILE makes moto answer 500).
 */
final class MotoProcess implements AutoCloseable {
    /** moto accepts any keys. */
    static final AwsCredentials KEYS =
            AwsBasicCredentials.create("AKIAMOTOCONFORMANCE0", "moto-accepts-any-secret-key-0000000000000");

    private static final Duration START = Duration.ofSeconds(25);

    private final Process process;
    private final URI endpoint;

    private MotoProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static Optional<MotoProcess> start() throws IOException, InterruptedException {
        Optional<Path> executable = onPath("moto_server");
        if (executable.isEmpty()) {
            return Optional.empty();
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto-server", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        executable.get().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        MotoProcess moto = new MotoProcess(pb.start(), URI.create("http://127.0.0.1:" + port));
        moto.awaitAnswer();
        return Optional.of(moto);
    }

    URI endpoint() {
        return endpoint;
    }

    private void awaitAnswer() throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline)) {
            try {
                http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        close();
        throw new IOException("moto_server did not answer within " + START);
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
