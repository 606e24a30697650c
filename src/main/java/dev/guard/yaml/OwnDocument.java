package dev.guard.yaml;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a YAML file that must be one of guard's own (a runbook, the config): a mapping whose
 * {@code apiVersion} is {@code guard/...}. Anything else — a symlink to /etc/passwd, a Kubernetes
 * manifest, someone's credentials file — is refused as a whole with one problem that quotes none of
 * it: reporting its unknown keys or odd values one by one would print its content.
 *
 * <p>No lambdas here: this runs at every start-up, and on JDK 17 each lambda call site costs ~60 µs
 * to link the first time.
 */
public final class OwnDocument {
    private OwnDocument() {}

    /** @param kind what the file should have been, for the message ("runbook", "config file") */
    public static Optional<Node> read(Path file, Problems problems, String kind) {
        Optional<byte[]> bytes = YamlReader.readBytes(file, problems);
        return bytes.isPresent() ? parse(bytes.get(), problems, kind) : Optional.empty();
    }

    public static Optional<Node> parse(byte[] bytes, Problems problems, String kind) {
        Problems reading = new Problems(problems.file());
        Optional<Node> root = YamlReader.parse(bytes, reading);
        if (root.isPresent() && root.get() instanceof MapNode map && !ours(map)) {
            problems.add(
                    map.position(),
                    "not a guard " + kind + ": a guard " + kind
                            + " starts with apiVersion: guard/v1 (nothing of this file is shown)");
            return Optional.empty();
        }
        problems.addAll(reading);
        return root;
    }

    private static boolean ours(MapNode map) {
        Optional<Node> version = map.get("apiVersion");
        return version.isPresent()
                && version.get() instanceof Scalar s
                && s.kind() == Scalar.Kind.STRING
                && s.text().startsWith("guard/");
    }
}
