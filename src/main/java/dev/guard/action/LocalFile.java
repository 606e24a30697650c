package dev.guard.action;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A local file a runbook uploads, as checked when the plan was made: where it was named from
 * ({@code link}, the path as written, resolved against the runbook), the file that path resolved
 * to ({@code path}, every symlink followed), its size and SHA-256. At run time {@link #read()}
 * uploads only these bytes: if the path now resolves elsewhere (a file swapped for a symlink) or
 * the content changed, it refuses.
 */
public record LocalFile(String written, Path link, Path path, long size, String sha256) {
    /** The most guard reads into memory for one upload (S3 allows 5 GiB in one PUT; guard is not a sync tool). */
    public static final long MAX_BYTES = 256L * 1024 * 1024;

    /** The file changed between the plan and its use. */
    public static final class Changed extends IOException {
        private static final long serialVersionUID = 1L;

        Changed(String message) {
            super(message);
        }
    }

    /** Reads {@code path} (not following a final symlink) and describes it. */
    static LocalFile of(String written, Path link, Path path) throws IOException {
        byte[] bytes = readAtMost(path);
        return new LocalFile(written, link, path, bytes.length, sha256(bytes));
    }

    /** The bytes to upload, if the file is still the one the plan showed. */
    public byte[] read() throws IOException {
        Path now = link.toRealPath();
        if (!now.equals(path)) {
            throw new Changed((written + " now resolves to " + now + ", not to " + path + " as planned"));
        }
        byte[] bytes = readAtMost(path);
        String digest = sha256(bytes);
        if (bytes.length != size || !digest.equals(sha256)) {
            throw new Changed((path + " changed since the plan (now " + bytes.length + " bytes, SHA-256 " + digest
                    + "); make the plan again"));
        }
        return bytes;
    }

    /** "/srv/runbooks/data/notice.txt (1,234 bytes, SHA-256 9f86…)" as the plan shows it. */
    public String describe() {
        // A symlink's target may be named with any character: shown inert.
        return (path.toString()) + " (" + String.format("%,d", size) + " bytes, SHA-256 " + sha256 + ")";
    }

    private static byte[] readAtMost(Path path) throws IOException {
        // NOFOLLOW_LINKS: the resolved file itself must not have become a symlink since it was resolved.
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
            if (bytes.length > MAX_BYTES) {
                throw new IOException(
                        path + " is larger than guard's upload limit of " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            return bytes;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
