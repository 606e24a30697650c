package dev.guard.runbook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The exact bytes a runbook was read from, so a plan can name what it was made of by digest. The
 * digest is computed on first use: loading the JCA provider costs start-up time that {@code
 * validate} does not need to pay.
 */
public final class SourceText {
    private final byte[] bytes;
    private String sha256;

    public SourceText(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** Lowercase hex SHA-256 of the bytes. */
    public synchronized String sha256() {
        if (sha256 == null) {
            try {
                sha256 = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
        return sha256;
    }
}
