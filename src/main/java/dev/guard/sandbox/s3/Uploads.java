package dev.guard.sandbox.s3;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Multipart uploads in progress: what CreateMultipartUpload said about the object to be (type,
 * metadata, tags, checksum algorithm), and the parts uploaded so far. The parts' bytes live in a
 * {@link PartStore}; this keeps what ListParts and CompleteMultipartUpload need to know of them.
 */
public final class Uploads {
    /**
     * An upload, as CreateMultipartUpload started it.
     *
     * @param checksumAlgorithm the algorithm every part must carry, when one was chosen
     * @param checksumType COMPOSITE or FULL_OBJECT, present exactly when an algorithm is
     * @param initiatorArn who started it (ListParts' and ListMultipartUploads' Initiator)
     * @param contentHeaders Cache-Control and the other standard headers the object will keep
     */
    public record Upload(
            String id,
            String bucket,
            String key,
            Instant initiated,
            String contentType,
            Map<String, String> metadata,
            Map<String, String> tags,
            Optional<String> checksumAlgorithm,
            Optional<String> checksumType,
            String initiatorArn,
            Map<String, String> contentHeaders) {
        public Upload {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            contentHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(contentHeaders));
        }

        /** An upload whose object will have no content headers. */
        public Upload(
                String id,
                String bucket,
                String key,
                Instant initiated,
                String contentType,
                Map<String, String> metadata,
                Map<String, String> tags,
                Optional<String> checksumAlgorithm,
                Optional<String> checksumType,
                String initiatorArn) {
            this(
                    id,
                    bucket,
                    key,
                    initiated,
                    contentType,
                    metadata,
                    tags,
                    checksumAlgorithm,
                    checksumType,
                    initiatorArn,
                    Map.of());
        }
    }

    /** One uploaded part: its ETag (the MD5 of its bytes, quoted), size and checksum, if it carried one. */
    public record Part(int number, String etag, long size, Instant lastModified, Optional<ObjectChecksum> checksum) {}

    private final PartStore bytes;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<Integer, Part>> parts = new ConcurrentHashMap<>();
    /**
     * Per upload: parts are written under its read lock (concurrently with each other), and the
     * upload ends under its write lock — so no part is kept, nor its bytes written, once the upload
     * ended, and no part answers 200 after Complete or Abort did.
     */
    private final Map<String, ReadWriteLock> locks = new ConcurrentHashMap<>();

    public Uploads(PartStore bytes) {
        this.bytes = bytes;
    }

    void start(Upload upload) {
        locks.put(upload.id(), new ReentrantReadWriteLock());
        parts.put(upload.id(), new ConcurrentSkipListMap<>());
        uploads.put(upload.id(), upload);
    }

    /** The upload {@code id} of {@code key} in {@code bucket}; another key's or bucket's id is no upload. */
    Optional<Upload> find(String bucket, String key, String id) {
        return Optional.ofNullable(id == null ? null : uploads.get(id))
                .filter(u -> u.bucket().equals(bucket) && u.key().equals(key));
    }

    /** Keeps a part (replacing one with its number); false, writing nothing, when the upload has ended. */
    boolean putPart(String id, Part part, byte[] body) {
        ReadWriteLock lock = locks.get(id);
        if (lock == null) {
            return false;
        }
        lock.readLock().lock();
        try {
            ConcurrentSkipListMap<Integer, Part> of = parts.get(id);
            if (of == null || !uploads.containsKey(id)) {
                return false;
            }
            bytes.write(id, part, body);
            of.put(part.number(), part);
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The upload's parts, by part number. */
    public List<Part> parts(String id) {
        return List.copyOf(parts.getOrDefault(id, new ConcurrentSkipListMap<>()).values());
    }

    byte[] body(String id, Part part) {
        return bytes.read(id, part);
    }

    /** Ends an upload (completed or aborted) and forgets its parts; false when it had already ended. */
    boolean end(Upload upload) {
        ReadWriteLock lock = locks.get(upload.id());
        if (lock == null) {
            return false;
        }
        lock.writeLock().lock();
        try {
            if (!uploads.remove(upload.id(), upload)) {
                return false;
            }
            parts.remove(upload.id());
            bytes.delete(upload.id());
            locks.remove(upload.id(), lock);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The uploads in progress in {@code bucket}, by key and then by initiation, as S3 lists them. */
    List<Upload> inBucket(String bucket) {
        return uploads.values().stream()
                .filter(u -> u.bucket().equals(bucket))
                .sorted(Comparator.comparing(Upload::key)
                        .thenComparing(Upload::initiated)
                        .thenComparing(Upload::id))
                .toList();
    }

    /** Every upload in progress (for the state file). */
    public List<Upload> all() {
        return uploads.values().stream()
                .sorted(Comparator.comparing(Upload::initiated).thenComparing(Upload::id))
                .toList();
    }

    /** Restores an upload and the parts the state file recorded (their bytes are already in the part store). */
    public void restore(Upload upload, List<Part> restored) {
        ConcurrentSkipListMap<Integer, Part> of = new ConcurrentSkipListMap<>();
        restored.forEach(p -> of.put(p.number(), p));
        locks.put(upload.id(), new ReentrantReadWriteLock());
        parts.put(upload.id(), of);
        uploads.put(upload.id(), upload);
    }
}
