package dev.guard.sandbox.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * moto_server on a free loopback port, for comparing wire shapes with the sandbox; {@link #start()}
 * skips the calling suite where moto_server is not on PATH.
 */
final class MotoServer implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final URI endpoint;

    private MotoServer(Process process, Path log, URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
    }

    static MotoServer start() throws IOException, InterruptedException {
        Optional<Path> executable = onPath("moto_server");
        assumeTrue(executable.isPresent(), "moto_server is not on PATH: skipping the moto comparison");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto-server", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        executable.get().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // An inherited AWS_PROFILE="" makes moto answer S3 errors with HTTP 500 (see MotoConformanceIT).
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        MotoServer moto = new MotoServer(pb.start(), log, URI.create("http://127.0.0.1:" + port));
        moto.awaitAnswer();
        return moto;
    }

    URI endpoint() {
        return endpoint;
    }

    private void awaitAnswer() throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(25);
        while (Instant.now().isBefore(deadline)) {
            try {
                http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IOException("moto_server did not answer on " + endpoint + "; log: " + Files.readString(log));
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
    public void close() throws IOException {
        ProcessHandle root = process.toHandle();
        List<ProcessHandle> tree = root.descendants().collect(Collectors.toList());
        tree.forEach(ProcessHandle::destroy);
        root.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                root.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
