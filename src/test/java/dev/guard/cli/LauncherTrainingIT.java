package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./guard} launcher trains its class-data archives with real guard runs (a plan, and a
 * sandbox dry run) after each build. Those runs must touch nothing outside {@code target/}: not the
 * user's audit log, cache or config. Run on a copy of the launcher and the built jar, with every
 * home and XDG directory pointed at an empty place that must stay empty.
 */
class LauncherTrainingIT {
    @TempDir
    Path tmp;

    @Test
    void trainingTheArchivesWritesNothingOutsideTarget() throws Exception {
        Path repo = tmp.resolve("repo");
        copyLauncher(repo);
        Path home = Files.createDirectories(tmp.resolve("home"));
        List<Path> outside = List.of(
                home,
                Files.createDirectories(tmp.resolve("state")),
                Files.createDirectories(tmp.resolve("cache")),
                Files.createDirectories(tmp.resolve("config")));

        // One archive of each kind: the offline one (a plan) and the AWS one (a sandbox dry run).
        for (String command : List.of("--version", "whoami --help")) {
            Process p = launcher(repo, home, command);
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("launcher finished").isTrue();
            assertThat(p.exitValue())
                    .as(new String(p.getInputStream().readAllBytes()))
                    .isZero();
        }

        try (Stream<Path> archives = Files.list(repo.resolve("target"))) {
            assertThat(archives.map(f -> f.getFileName().toString()))
                    .as("both archives were trained (the training runs succeeded)")
                    .anyMatch(n -> n.startsWith("cds-offline"))
                    .anyMatch(n -> n.startsWith("cds-aws"));
        }
        for (Path dir : outside) {
            try (Stream<Path> files = Files.walk(dir)) {
                assertThat(files.filter(f -> !f.equals(dir)).toList())
                        .as("written under " + dir)
                        .isEmpty();
            }
        }
        // Only target/ changed in the repository itself, and training left nothing of its own there.
        try (Stream<Path> top = Files.list(repo)) {
            assertThat(top.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("guard", "pom.xml", "config", "runbooks", "target");
        }
        assertThat(repo.resolve("target/train")).doesNotExist();
    }

    /** The launcher as a user runs it; JAVA_TOOL_OPTIONS points every JVM's home at the empty one. */
    private static Process launcher(Path repo, Path home, String command) throws IOException {
        List<String> argv =
                new java.util.ArrayList<>(List.of(repo.resolve("guard").toString()));
        argv.addAll(List.of(command.split(" ")));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        var env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", home.resolveSibling("state").toString());
        env.put("XDG_CACHE_HOME", home.resolveSibling("cache").toString());
        env.put("XDG_CONFIG_HOME", home.resolveSibling("config").toString());
        env.put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
        env.remove("GUARD_CONFIG");
        return pb.directory(repo.toFile()).start();
    }

    /** The launcher, the built jar (its lib/ linked) and the files training reads, jar newest. */
    private static void copyLauncher(Path repo) throws IOException {
        Path real = Path.of("").toAbsolutePath();
        Files.createDirectories(repo.resolve("target"));
        Files.copy(real.resolve("guard"), repo.resolve("guard"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(real.resolve("pom.xml"), repo.resolve("pom.xml"));
        copyTree(real.resolve("config"), repo.resolve("config"));
        copyTree(real.resolve("runbooks"), repo.resolve("runbooks"));
        Files.copy(real.resolve("target/guard.jar"), repo.resolve("target/guard.jar"));
        Files.createSymbolicLink(repo.resolve("target/lib"), real.resolve("target/lib"));
        // The launcher rebuilds a jar older than pom.xml or the seed: this copy is up to date.
        FileTime older = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(repo.resolve("pom.xml"), older);
        Files.setLastModifiedTime(repo.resolve("config/sandbox.yaml"), older);
        Files.setLastModifiedTime(repo.resolve("target/guard.jar"), FileTime.from(Instant.now()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
