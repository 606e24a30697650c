package dev.guard.sandbox.s3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the bytes of uploaded parts wait for CompleteMultipartUpload: in memory, or in files under
 * the state directory (so a restart keeps an upload in progress without rewriting every part into
 * the state file on each change). A part's bytes are named by its number and ETag, so the bytes
 * read are always those the ETag was computed from, even when a part is uploaded again.
 */
public interface PartStore {
    /** Keeps {@code body}, the bytes of {@code part} of upload {@code uploadId}. */
    void write(String uploadId, Uploads.Part part, byte[] body);

    /** The bytes of a part written before; an {@link IllegalStateException} when they are gone. */
    byte[] read(String uploadId, Uploads.Part part);

    /** Forgets every part of {@code uploadId} (completed or aborted). */
    void delete(String uploadId);

    /** Parts kept in memory only: a sandbox without a state directory. */
    static PartStore inMemory() {
        Map<String, byte[]> parts = new ConcurrentHashMap<>();
        return new PartStore() {
            @Override
            public void write(String uploadId, Uploads.Part part, byte[] body) {
                parts.put(name(uploadId, part), body);
            }

            @Override
            public byte[] read(String uploadId, Uploads.Part part) {
                byte[] body = parts.get(name(uploadId, part));
                if (body == null) {
                    throw new IllegalStateException("part " + part.number() + " of upload " + uploadId + " is gone");
                }
                return body;
            }

            @Override
            public void delete(String uploadId) {
                parts.keySet().removeIf(k -> k.startsWith(uploadId + "/"));
            }
        };
    }

    /** {@code uploadId/number-md5}: a part's bytes under their upload, named by number and ETag. */
    static String name(String uploadId, Uploads.Part part) {
        return uploadId + "/" + part.number() + "-" + part.etag().replace("\"", "");
    }
}
