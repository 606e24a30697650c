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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code ./guard} launcher trains its class-data archives with real guard runs (a plan, and a
 * sandbox dry run) after each build: AppCDS archives on JDK 17, AOT caches on a JDK 24+. Those
 * runs must touch nothing outside {@code target/}: not the user's audit log, cache or config. Run
 * on a copy of the launcher and the built jar, with every home and XDG directory pointed at an
 * empty place that must stay empty, on the JVM running the tests and on a JDK 24+ where one is
 * installed under /usr/lib/jvm (else that case is skipped: it needs the JVM, not a stand-in).
 */
class LauncherTrainingIT {
    @TempDir
    Path tmp;

    /** The JVMs to launch guard with: this one, and the first JDK 24+ found beside it. */
    static Stream<Path> jvms() throws IOException {
        Path self = Path.of(System.getProperty("java.home"));
        Path aot = null;
        Path installed = Path.of("/usr/lib/jvm");
        if (feature(self) < 24 && Files.isDirectory(installed)) {
            try (Stream<Path> homes = Files.list(installed)) {
                aot = homes.sorted()
                        .filter(h -> feature(h) >= 24 && Files.isExecutable(h.resolve("bin/java")))
                        .findFirst()
                        .orElse(null);
            }
        }
        return aot == null ? Stream.of(self) : Stream.of(self, aot);
    }

    @ParameterizedTest
    @MethodSource("jvms")
    void trainingTheArchivesWritesNothingOutsideTarget(Path javaHome) throws Exception {
        Path repo = tmp.resolve("repo");
        copyLauncher(repo);
        Path home = Files.createDirectories(tmp.resolve("home"));
        List<Path> outside = List.of(
                home,
                Files.createDirectories(tmp.resolve("state")),
                Files.createDirectories(tmp.resolve("cache")),
                Files.createDirectories(tmp.resolve("config")));

        // One archive of each kind: the offline one (a plan), the AWS one (a sandbox dry run) and
        // validate's own. The jar's version (its manifest's) is the build's, as version.properties has it.
        assertThat(run(repo, javaHome, home, "--version")).startsWith("guard " + builtVersion() + " — Java ");
        assertThat(run(repo, javaHome, home, "whoami --help")).contains("guard whoami");
        // validate's archive is trained on runbooks/, where the user's own runbooks sit too: one
        // unfinished there must not stop the training (it would then be retried at every start).
        Files.writeString(repo.resolve("runbooks/zz-unfinished.yaml"), "apiVersion: guard/v1\nkind: Runbook\n");
        assertThat(run(repo, javaHome, home, "validate runbooks/terminate-dev-instance.yaml"))
                .contains("ok   runbooks/terminate-dev-instance.yaml");
        Files.delete(repo.resolve("runbooks/zz-unfinished.yaml"));

        String prefix = feature(javaHome) >= 24 ? "aot-" : "cds-";
        try (Stream<Path> archives = Files.list(repo.resolve("target"))) {
            assertThat(archives.map(f -> f.getFileName().toString()))
                    .as("the three archives were trained (the training runs succeeded)")
                    .anyMatch(n -> n.startsWith(prefix + "offline"))
                    .anyMatch(n -> n.startsWith(prefix + "aws"))
                    .anyMatch(n -> n.startsWith(prefix + "validate"));
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
        try (Stream<Path> left = Files.list(repo.resolve("target"))) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("train")
                            || n.contains(".tmp")
                            || n.endsWith(".conf")
                            || n.endsWith(".classlist")
                            || n.endsWith(".failed"));
        }

        // The archive is used: guard's own classes come from it, not from the jar.
        assertThat(run(repo, javaHome, home, "--version", "-Xlog:class+load=info"))
                .containsPattern("dev\\.guard\\.cli\\.Main source: shared objects file");
        // Validate's archive was trained on the runbook directory: a validate reads none of guard's
        // classes from the jar.
        assertThat(run(repo, javaHome, home, "validate runbooks/terminate-dev-instance.yaml", "-Xlog:class+load=info"))
                .containsPattern("dev\\.guard\\.plan\\.Validation source: shared objects file")
                .doesNotContainPattern("dev\\.guard\\.\\S+ source: (jar:)?file:");
    }

    @ParameterizedTest
    @MethodSource("jvms")
    void aBrokenArchiveIsRefusedQuietly(Path javaHome) throws Exception {
        Path repo = tmp.resolve("repo");
        copyLauncher(repo);
        Path home = Files.createDirectories(tmp.resolve("home"));
        String jvm = javaHome.resolve("bin/java").toString().replace('/', '_');
        String name = feature(javaHome) >= 24 ? "aot-offline" + jvm + ".aot" : "cds-offline" + jvm + ".jsa";
        // Newer than the jar, so the launcher takes it as trained and hands it to the JVM (set, not
        // left to the clock: a file's time can be a tick behind the jar's).
        Path broken = Files.writeString(repo.resolve("target").resolve(name), "not an archive");
        Files.setLastModifiedTime(broken, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(run(repo, javaHome, home, "--version"))
                .as("the JVM starts without it and says nothing")
                .startsWith("guard ")
                .doesNotContain("error", "warning", "archive", "AOT");
        assertThat(broken).as("not retrained: the JVM was given it").hasContent("not an archive");
    }

    /** The version Maven filtered into version.properties for this build. */
    private static String builtVersion() throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("target/classes/dev/guard/version.properties"))) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    /** The JVM's feature version from its release file, 0 if it has none. */
    private static int feature(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    String v = line.substring("JAVA_VERSION=\"".length());
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Runs the launcher to completion and returns its output (stdout and stderr); it must succeed. */
    private static String run(Path repo, Path javaHome, Path home, String command, String... jvmOptions)
            throws Exception {
        Process p = launcher(repo, javaHome, home, command, jvmOptions);
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        // The JVM announces JAVA_TOOL_OPTIONS on stderr; that line is the test's, not guard's.
        return out.lines()
                .filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** The launcher as a user runs it; JAVA_TOOL_OPTIONS points every JVM's home at the empty one. */
    private static Process launcher(Path repo, Path javaHome, Path home, String command, String... jvmOptions)
            throws IOException {
        List<String> argv =
                new java.util.ArrayList<>(List.of(repo.resolve("guard").toString()));
        argv.addAll(List.of(command.split(" ")));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        var env = pb.environment();
        env.put("JAVA_HOME", javaHome.toString());
        env.put("HOME", home.toString());
        env.put("XDG_STATE_HOME", home.resolveSibling("state").toString());
        env.put("XDG_CACHE_HOME", home.resolveSibling("cache").toString());
        env.put("XDG_CONFIG_HOME", home.resolveSibling("config").toString());
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", List.of(jvmOptions)) + " -Duser.home=" + home);
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
