package dev.guard.sandbox.server;

import dev.guard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the journal of a sandbox running in another process ({@code guard sandbox journal}). Each
 * line names resources as callers sent them (any object key): written again with guard's JSON
 * escapes, the same values, nothing a terminal would act on. All of it is read first, so whatever
 * else listens on the port (a web server answering every path) is named as not a sandbox before any
 * line of it is printed.
 */
public final class JournalClient {
    private JournalClient() {}

    /** The port answered, but not with a journal. */
    public static final class NotASandbox extends IOException {
        private static final long serialVersionUID = 1L;

        NotASandbox() {
            super("not a sandbox journal");
        }
    }

    /** The sandbox answered with an error status. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status) {
            super("answered " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * @return the journal's lines, escaped for a terminal
     * @throws IOException when nothing answers on the port ({@link NotASandbox}, {@link Refused}
     *     when something does, but not as a sandbox)
     */
    public static List<String> read(int port) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + SandboxServer.JOURNAL_PATH);
        HttpResponse<String> response = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .build()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new Refused(response.statusCode());
        }
        List<String> lines = new ArrayList<>();
        for (String l : response.body().lines().filter(l -> !l.isBlank()).toList()) {
            try {
                lines.add(Json.rewritten(l));
            } catch (UncheckedIOException notJson) {
                throw new NotASandbox();
            }
        }
        return lines;
    }
}
