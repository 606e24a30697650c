package dev.guard.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.config.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule for the local files a runbook uploads: its own directory only (or one allowed by
 * name), never a secret file, and at the time of use still the file the plan showed.
 */
class LocalFilesTest {
    @TempDir
    Path root;

    private Path home;
    private Path runbooks;
    private Environment env;

    @BeforeEach
    void layout() throws IOException {
        home = Files.createDirectories(root.resolve("home/op"));
        runbooks = Files.createDirectories(root.resolve("ops/runbooks"));
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_secret_access_key = s3cr3t\n");
        Files.writeString(runbooks.resolve("notice.txt"), "hello\n");
        env = new Environment(root, Map.of("HOME", home.toString()), home);
    }

    private LocalFiles.Checked check(LocalFiles files, String written) {
        return files.check(runbooks, written);
    }

    @Test
    void aFileBesideTheRunbookIsAcceptedWithItsResolvedPathSizeAndDigest() throws IOException {
        var checked = check(LocalFiles.runbookDirectoryOnly(env), "notice.txt");

        assertThat(checked).isInstanceOf(LocalFiles.Accepted.class);
        LocalFile file = ((LocalFiles.Accepted) checked).file();
        assertThat(file.path()).isEqualTo(runbooks.resolve("notice.txt").toRealPath());
        assertThat(file.size()).isEqualTo(6);
        // sha256("hello\n")
        assertThat(file.sha256()).isEqualTo("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
        assertThat(file.describe()).contains("6 bytes").contains(file.sha256());
    }

    @Test
    void parentDirectoriesAndAbsolutePathsAreRefused() throws IOException {
        Files.writeString(root.resolve("ops/elsewhere.txt"), "x");
        LocalFiles files = LocalFiles.runbookDirectoryOnly(env);

        assertThat(refusal(check(files, "../elsewhere.txt"))).contains("uses '..'");
        assertThat(refusal(check(files, root.resolve("ops/elsewhere.txt").toString())))
                .contains("is an absolute path");
        // Even when it comes back in: '..' is refused as written.
        assertThat(refusal(check(files, "../runbooks/notice.txt"))).contains("uses '..'");
    }

    @Test
    void aSymlinkThatResolvesOutOfTheRunbookDirectoryIsRefused() throws IOException {
        Path outside = Files.writeString(root.resolve("outside.txt"), "x");
        Files.createSymbolicLink(runbooks.resolve("data.txt"), outside);

        assertThat(refusal(check(LocalFiles.runbookDirectoryOnly(env), "data.txt")))
                .contains("resolves to " + outside.toRealPath() + ", outside the runbook's directory");
    }

    @Test
    void aSymlinkToTheOperatorsCredentialsIsRefusedAsASecret() throws IOException {
        Files.createSymbolicLink(runbooks.resolve("report.csv"), home.resolve(".aws/credentials"));

        assertThat(refusal(check(LocalFiles.runbookDirectoryOnly(env), "report.csv")))
                .startsWith("refusing to upload")
                .contains("under " + home.resolve(".aws"));
    }

    @Test
    void secretFilesAreRefusedEvenInsideAnAllowedDirectory() throws IOException {
        LocalFiles files = LocalFiles.allowing(env, List.of(root.toString()));
        Files.createDirectories(root.resolve("ops/keys"));
        Files.writeString(root.resolve("ops/keys/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----");
        Files.writeString(root.resolve("ops/.netrc"), "machine x password y");

        assertThat(refusal(check(files, home.resolve(".aws/credentials").toString())))
                .contains("refusing to upload");
        assertThat(refusal(check(files, "../keys/id_ed25519"))).contains("files named id_ed25519");
        assertThat(refusal(check(files, "../.netrc"))).contains("files named .netrc");
        assertThat(refusal(check(files, "/etc/shadow"))).contains("files named shadow");
    }

    @Test
    void anAllowedDirectoryAcceptsPathsIntoIt() throws IOException {
        Path exports = Files.createDirectories(root.resolve("exports"));
        Files.writeString(exports.resolve("report.csv"), "a,b\n");
        LocalFiles files = LocalFiles.allowing(env, List.of(exports.toString()));

        assertThat(check(files, exports.resolve("report.csv").toString())).isInstanceOf(LocalFiles.Accepted.class);
        assertThat(check(files, "../../exports/report.csv")).isInstanceOf(LocalFiles.Accepted.class);
        assertThat(check(files, "notice.txt")).isInstanceOf(LocalFiles.Accepted.class);
    }

    @Test
    void allowingASecretDirectoryOrOneThatDoesNotExistIsRefused() {
        assertThatThrownBy(() ->
                        LocalFiles.allowing(env, List.of(home.resolve(".aws").toString())))
                .hasMessageContaining("refused");
        assertThatThrownBy(() ->
                        LocalFiles.allowing(env, List.of(root.resolve("nope").toString())))
                .hasMessageContaining("no such directory");
    }

    @Test
    void theAwsFilesTheEnvironmentNamesAreSecretWhateverTheyAreCalled() throws IOException {
        Path keys = Files.writeString(runbooks.resolve("team-keys.ini"), "[default]\n");
        Environment named = new Environment(root, Map.of("AWS_SHARED_CREDENTIALS_FILE", keys.toString()), home);

        assertThat(refusal(check(LocalFiles.runbookDirectoryOnly(named), "team-keys.ini")))
                .contains("AWS credentials or config file");
    }

    @Test
    void aFileSwappedForASymlinkAfterThePlanIsRefusedAtUse() throws IOException {
        LocalFile planned = accepted(check(LocalFiles.runbookDirectoryOnly(env), "notice.txt"));
        Path data = runbooks.resolve("notice.txt");
        Files.delete(data);
        Files.createSymbolicLink(data, home.resolve(".aws/credentials"));

        assertThatThrownBy(planned::read)
                .isInstanceOf(LocalFile.Changed.class)
                .hasMessageContaining("now resolves to")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aFileWhoseContentChangedAfterThePlanIsRefusedAtUse() throws IOException {
        LocalFile planned = accepted(check(LocalFiles.runbookDirectoryOnly(env), "notice.txt"));
        assertThat(new String(planned.read(), StandardCharsets.UTF_8)).isEqualTo("hello\n");

        Files.writeString(runbooks.resolve("notice.txt"), "HELLO\n");

        assertThatThrownBy(planned::read)
                .isInstanceOf(LocalFile.Changed.class)
                .hasMessageContaining("changed since the plan");
    }

    @Test
    void aFifoIsNotAFileToUpload() throws Exception {
        Path fifo = runbooks.resolve("pipe.txt");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        assertThat(refusal(check(LocalFiles.runbookDirectoryOnly(env), "pipe.txt")))
                .contains("is not a regular file");
    }

    private static String refusal(LocalFiles.Checked checked) {
        assertThat(checked).isInstanceOf(LocalFiles.Refused.class);
        return ((LocalFiles.Refused) checked).why();
    }

    private static LocalFile accepted(LocalFiles.Checked checked) {
        assertThat(checked).isInstanceOf(LocalFiles.Accepted.class);
        return ((LocalFiles.Accepted) checked).file();
    }
}
