package dev.guard.sandbox.conformance;

import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * A moto_server process on a free loopback port, for conformance suites that compare wire shapes
 * with it (moto accepts any keys and ignores MFA: a peer for shapes, never for authorization).
 * {@link #start()} is empty where moto_server is not on PATH, so suites can skip.
 */
final class MotoServer implements AutoCloseable {
    /** moto accepts any keys. */
    static final AwsCredentials KEYS =
            AwsBasicCredentials.create("AKIAMOTOCONFORMANCE0", "moto-accepts-any-secret-key-0000000000000");

    private static final Duration START = Duration.ofSeconds(25);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final Process process;
    private final Path log;
    private final URI endpoint;

    private MotoServer(Process process, Path log, URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
    }

    static Optional<MotoServer> start() throws Exception {
        Optional<Path> executable = onPath("moto_server");
        if (executable.isEmpty()) {
            return Optional.empty();
        }
        int port = freePort();
        Path log = Files.createTempFile("moto-server", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        executable.get().toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // A child inheriting failsafe's blank AWS_PROFILE makes moto answer errors with HTTP 500.
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        MotoServer moto = new MotoServer(pb.start(), log, URI.create("http://127.0.0.1:" + port));
        moto.awaitAnswer();
        return Optional.of(moto);
    }

    /** A started moto_server, or the calling test skipped where moto_server is not on PATH. */
    static MotoServer required() throws Exception {
        Optional<MotoServer> moto = start();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                moto.isPresent(), "moto_server is not on PATH: skipping the moto comparison");
        return moto.get();
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop() throws InterruptedException {
        ProcessHandle root = process.toHandle();
        List<ProcessHandle> tree = root.descendants().collect(Collectors.toList());
        tree.forEach(ProcessHandle::destroy);
        root.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void awaitAnswer() throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("moto_server exited with " + process.exitValue() + " before answering:\n" + Files.readString(log));
            }
            try {
                HTTP.send(ping, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("moto_server did not answer on " + endpoint + " within " + START + ":\n" + Files.readString(log));
    }
}
