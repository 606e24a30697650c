package dev.guard.action;

import dev.guard.config.Environment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Files a runbook may never upload, wherever they are and whatever {@code --allow-files-from}
 * says: credentials, private keys and password stores. A runbook comes from a colleague or a
 * repository; one line naming {@code ~/.aws/credentials} must not be able to publish the keys of
 * whoever runs it.
 */
public final class SecretFiles {
    /** Directories whose whole content is secret, below the home directory. */
    static final List<String> HOME_DIRECTORIES =
            List.of(".aws", ".ssh", ".gnupg", ".kube", ".docker", ".azure", ".password-store", ".config/gcloud");

    /** Directory names that hold secrets wherever they are (a copied home, a container's root). */
    static final Set<String> DIRECTORY_NAMES = Set.of(".aws", ".ssh", ".gnupg");

    /** File names that hold secrets wherever they are. */
    static final Set<String> FILE_NAMES = Set.of(
            "credentials",
            "id_rsa",
            "id_dsa",
            "id_ecdsa",
            "id_ed25519",
            "id_ecdsa_sk",
            "id_ed25519_sk",
            ".netrc",
            "_netrc",
            ".pgpass",
            ".git-credentials",
            ".npmrc",
            ".pypirc",
            "shadow",
            "shadow-",
            "gshadow",
            "gshadow-",
            "master.passwd");

    /** System locations: host keys, private TLS keys, kernel and device files, container secrets. */
    static final List<Path> SYSTEM_DIRECTORIES = List.of(
            Path.of("/etc/ssh"),
            Path.of("/etc/ssl/private"),
            Path.of("/proc"),
            Path.of("/sys"),
            Path.of("/dev"),
            Path.of("/run/secrets"),
            Path.of("/var/run/secrets"));

    private final List<Path> directories;
    private final List<Path> files;

    private SecretFiles(List<Path> directories, List<Path> files) {
        this.directories = List.copyOf(directories);
        this.files = List.copyOf(files);
    }

    /** The list for this user: their home, guard's session cache, and the AWS files the environment names. */
    public static SecretFiles of(Environment env) {
        List<Path> dirs = new ArrayList<>(SYSTEM_DIRECTORIES);
        // Loops, not lambdas: every validate builds this, and on JDK 17 each lambda call site costs
        // ~60 µs to link the first time.
        for (String d : HOME_DIRECTORIES) {
            dirs.add(env.home().resolve(d));
        }
        dirs.add(env.cacheHome().resolve("guard"));
        List<Path> named = new ArrayList<>();
        for (String variable :
                List.of("AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE")) {
            Optional<String> value = env.get(variable);
            if (value.isPresent()) {
                named.add(env.resolve(value.get()));
            }
        }
        return new SecretFiles(dirs, named);
    }

    /** Why {@code path} (absolute and normalized) is secret, or empty. */
    public Optional<String> why(Path path) {
        for (Path dir : directories) {
            if (path.startsWith(dir)) {
                return Optional.of("it is under " + dir + ", which holds credentials or keys");
            }
        }
        if (files.contains(path)) {
            return Optional.of("it is the AWS credentials or config file of this environment");
        }
        for (Path part : path) {
            if (DIRECTORY_NAMES.contains(part.toString())) {
                return Optional.of("it is in a " + part + " directory, which holds credentials or keys");
            }
        }
        Path name = path.getFileName();
        if (name != null && FILE_NAMES.contains(name.toString().toLowerCase(Locale.ROOT))) {
            return Optional.of("files named " + name + " hold credentials, keys or passwords");
        }
        return Optional.empty();
    }
}
