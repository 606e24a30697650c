package dev.guard.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP endpoint on a free local port that answers each request from a script — an AWS JSON
 * answer, an error, a reply held back past the client's timeout, or a connection closed after the
 * request was read (a lost reply) — and records when each request arrived and what it asked
 * ({@code X-Amz-Target}). Raw sockets, so a lost reply is exactly that: no status line at all.
 */
final class ScriptedEndpoint implements AutoCloseable {
    /** What the endpoint does with one request. */
    sealed interface Reply {}

    /** An HTTP answer with an AWS JSON body. */
    record Answer(int status, String body) implements Reply {}

    /** Read the request, then close the connection without a word. */
    record Lost() implements Reply {}

    /** Hold the answer back this long (past the client's attempt timeout), then send it. */
    record Late(long millis, Answer answer) implements Reply {}

    /** One request as received. */
    record Received(long nanos, String target) {}

    private final ServerSocket server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final Answer otherwise;
    final List<Received> received = new CopyOnWriteArrayList<>();

    /** @param otherwise the answer once the script is used up */
    ScriptedEndpoint(Answer otherwise) throws IOException {
        this.otherwise = otherwise;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::serve, "scripted-endpoint");
        accept.setDaemon(true);
        accept.start();
    }

    static Answer ok(String body) {
        return new Answer(200, body);
    }

    /** A DynamoDB-style JSON error: the SDK reads the code from {@code __type}. */
    static Answer error(int status, String code) {
        return new Answer(
                status, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\"" + code + "\"}");
    }

    /** The next requests are answered so, in order. */
    synchronized ScriptedEndpoint then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Milliseconds between consecutive requests: the pauses the client made (plus a little work). */
    List<Long> pausesMillis() {
        List<Received> r = List.copyOf(received);
        List<Long> pauses = new java.util.ArrayList<>();
        for (int i = 1; i < r.size(); i++) {
            pauses.add((r.get(i).nanos() - r.get(i - 1).nanos()) / 1_000_000);
        }
        return pauses;
    }

    private synchronized Reply next() {
        Reply r = script.poll();
        return r == null ? otherwise : r;
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> handle(socket), "scripted-endpoint-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String target = "";
            int length = 0;
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("x-amz-target:")) {
                    target = line.substring(line.indexOf(':') + 1).strip();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(
                            line.substring(line.indexOf(':') + 1).strip());
                }
            }
            in.readNBytes(length);
            received.add(new Received(System.nanoTime(), target));
            Reply reply = next();
            if (reply instanceof Late late) {
                Thread.sleep(late.millis());
                write(socket.getOutputStream(), late.answer());
            } else if (reply instanceof Answer answer) {
                write(socket.getOutputStream(), answer);
            }
            // Lost: the socket closes here with nothing written.
        } catch (IOException e) {
            // the client gave up first (a late reply): nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + answer.status() + " Scripted\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\n"
                + "x-amzn-RequestId: scripted\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).stripTrailing();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
