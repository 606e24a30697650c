package dev.guard.sandbox.s3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the bytes of uploaded parts wait for CompleteMultipartUpload: in memory, or in files under
 * the state directory (so a restart keeps an upload in progress without rewriting every part into
 * the state file on each change).
 */
public interface PartStore {
    /** Keeps {@code body} as part {@code partNumber} of {@code uploadId}, replacing an earlier one. */
    void write(String uploadId, int partNumber, byte[] body);

    /** The bytes of a part written before; an {@link IllegalStateException} when they are gone. */
    byte[] read(String uploadId, int partNumber);

    /** Forgets every part of {@code uploadId} (completed or aborted). */
    void delete(String uploadId);

    /** Parts kept in memory only: a sandbox without a state directory. */
    static PartStore inMemory() {
        Map<String, byte[]> parts = new ConcurrentHashMap<>();
        return new PartStore() {
            @Override
            public void write(String uploadId, int partNumber, byte[] body) {
                parts.put(uploadId + "/" + partNumber, body);
            }

            @Override
            public byte[] read(String uploadId, int partNumber) {
                byte[] body = parts.get(uploadId + "/" + partNumber);
                if (body == null) {
                    throw new IllegalStateException("part " + partNumber + " of upload " + uploadId + " is gone");
                }
                return body;
            }

            @Override
            public void delete(String uploadId) {
                parts.keySet().removeIf(k -> k.startsWith(uploadId + "/"));
            }
        };
    }
}
