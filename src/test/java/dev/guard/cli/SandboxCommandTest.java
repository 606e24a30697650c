package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.error.ExitCode;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.Totp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code guard sandbox env} and {@code totp}: what they print, without a running sandbox. */
class SandboxCommandTest {
    private final CliRunner cli = new CliRunner();

    private static dev.guard.sandbox.seed.SeedUser alice() {
        return SeedLoader.bundled().accounts().stream()
                .flatMap(a -> a.users().stream())
                .filter(u -> u.name().equals("alice"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void envPrintsExportLinesForTheUsersSandboxKeys() {
        var r = cli.run("sandbox", "env", "alice", "--port", "4600");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("export AWS_ENDPOINT_URL=http://127.0.0.1:4600\n")
                .contains("export AWS_ACCESS_KEY_ID=" + alice().accessKeyId() + "\n")
                .contains("export AWS_REGION=us-east-1\n")
                .contains("unset AWS_SESSION_TOKEN AWS_PROFILE");
    }

    @Test
    void totpPrintsTheCurrentCodeOfTheUsersDevice() {
        String secret = alice().mfaDevice().orElseThrow().base32Secret();
        Instant before = Instant.now();
        var r = cli.run("sandbox", "totp", "alice");
        Instant after = Instant.now();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).matches("\\d{6}").isIn(Totp.code(secret, before), Totp.code(secret, after));
        assertThat(r.err()).contains("arn:aws:iam::111111111111:mfa/alice");
    }

    @Test
    void journalPrintsWhatARunningSandboxDecidedWithoutSecrets() throws Exception {
        try (var f = new dev.guard.sandbox.SandboxFixture()) {
            f.sts(f.keys("alice")).getCallerIdentity();
            var r = cli.run("sandbox", "journal", "--port", Integer.toString(f.sandbox.port()));
            assertThat(r.exitCode()).isZero();
            assertThat(r.out().lines())
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .contains("\"principal\":\"arn:aws:iam::111111111111:user/alice\"")
                            .contains("\"action\":\"sts:GetCallerIdentity\"")
                            .contains("\"mutated\":false")
                            .doesNotContain(f.user("alice").secretAccessKey()));
        }
    }

    @Test
    void journalWithoutASandboxSaysSo() {
        var r = cli.run("sandbox", "journal", "--port", "1");
        assertThat(r.exitCode()).isEqualTo(ExitCode.ACTION_FAILED);
        assertThat(r.err()).contains("no sandbox answers on port 1");
    }

    @Test
    void aUserWithoutADeviceHasNoCode() {
        var r = cli.run("sandbox", "totp", "bob");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("'bob' has no MFA device");
    }

    @Test
    void anUnknownUserIsNamedWithTheOnesThereAre() {
        var r = cli.run("sandbox", "env", "mallory");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("no user 'mallory'", "alice");
    }

    @Test
    void aCorruptStateFileStopsTheSandboxBeforeItListensAndIsNotOverwritten(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("state.json");
        java.nio.file.Files.writeString(file, "not json");
        var r = cli.run("sandbox", "--state-dir", dir.toString(), "--port", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err().strip()).doesNotContain("\n").contains(file.toString());
        assertThat(r.out()).doesNotContain("listening");
        assertThat(java.nio.file.Files.readString(file)).isEqualTo("not json");
    }

    /** Was exit 1 and "cannot start the sandbox: PATH", with no word of what was wrong with it. */
    @Test
    void aStateDirThatCannotBeMadeIsInvalidInputAndSaysWhy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("afile"), "x");
        var r = cli.run("sandbox", "--state-dir", file.resolve("state").toString(), "--port", "0");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .contains("cannot start the sandbox")
                .contains("--state-dir " + file.resolve("state"))
                .doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("listening");
    }

    @Test
    void journalOfPortZeroIsInvalidInput() {
        var r = cli.run("sandbox", "journal", "--port", "0");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--port 0");
    }

    /** A web server answering every path with 200 made journal an internal error. */
    @Test
    void journalFromAServerThatIsNotASandboxSaysSo() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "<html>\u001b[2J not json</html>\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var r = cli.run(
                    "sandbox",
                    "journal",
                    "--port",
                    Integer.toString(server.getAddress().getPort()));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(r.err()).contains("is not a guard sandbox").doesNotContain("internal error");
            assertThat(r.out()).isEmpty();
        } finally {
            server.stop(0);
        }
    }
}
