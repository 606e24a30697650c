package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.NamedPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** The sandbox's buckets and their objects, in memory. */
public final class ObjectStore {
    /**
     * An object: its bytes, ETag (MD5, as S3 computes it for single-part uploads), metadata and the
     * additional checksum it was uploaded with, if any. {@code lastModified} has whole seconds, as
     * S3 keeps it: listings and the Last-Modified header then name the same instant. {@code metadata}
     * holds the user metadata ({@code x-amz-meta-*}, names lower-cased) and {@code tags} the object's
     * tag set, both in the order they were given.
     */
    public record StoredObject(
            byte[] body,
            String etag,
            String contentType,
            Instant lastModified,
            Optional<ObjectChecksum> checksum,
            Map<String, String> metadata,
            Map<String, String> tags) {
        public StoredObject {
            metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
            tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        }

        public StoredObject(
                byte[] body, String etag, String contentType, Instant lastModified, Optional<ObjectChecksum> checksum) {
            this(body, etag, contentType, lastModified, checksum, Map.of(), Map.of());
        }

        /** This object with another tag set (PutObjectTagging, DeleteObjectTagging). */
        public StoredObject withTags(Map<String, String> newTags) {
            return new StoredObject(body, etag, contentType, lastModified, checksum, metadata, newTags);
        }
    }

    /** A bucket, the account that owns it, and its bucket policy. */
    public static final class Bucket {
        final String name;
        final String accountId;
        volatile Optional<NamedPolicy> policy;
        volatile boolean versioning;
        /** The region the bucket lives in; calls signed for another are refused. */
        volatile String region = "us-east-1";

        final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
        final Map<String, java.util.List<StoredObject>> noncurrent = new ConcurrentHashMap<>();

        Bucket(String name, String accountId, Optional<NamedPolicy> policy, boolean versioning) {
            this.name = name;
            this.accountId = accountId;
            this.policy = policy;
            this.versioning = versioning;
        }

        public String accountId() {
            return accountId;
        }

        /** Stores {@code object} at {@code key}, replacing what was there. */
        public void put(String key, StoredObject object) {
            objects.put(key, object);
        }

        /**
         * Removes the current object at {@code key}. On a versioned bucket it becomes a noncurrent
         * version (a delete marker hides it) instead of being destroyed.
         */
        public boolean remove(String key) {
            StoredObject removed = objects.remove(key);
            if (removed != null && versioning) {
                noncurrent
                        .computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(removed);
            }
            return removed != null;
        }

        public String name() {
            return name;
        }

        public Optional<NamedPolicy> policy() {
            return policy;
        }

        public boolean versioning() {
            return versioning;
        }

        public String region() {
            return region;
        }

        /** The current objects, by key (a read-only view). */
        public Map<String, StoredObject> objects() {
            return java.util.Collections.unmodifiableMap(objects);
        }

        /** Every key's noncurrent versions (a copy). */
        public Map<String, java.util.List<StoredObject>> noncurrent() {
            Map<String, java.util.List<StoredObject>> copy = new java.util.TreeMap<>();
            noncurrent.forEach((k, v) -> copy.put(k, java.util.List.copyOf(v)));
            return copy;
        }

        /** Restores a noncurrent version, as the state file recorded it. */
        public void addNoncurrent(String key, StoredObject version) {
            noncurrent
                    .computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(version);
        }

        /** Versions hidden by delete markers, by key. */
        public java.util.List<StoredObject> noncurrentVersions(String key) {
            return java.util.List.copyOf(noncurrent.getOrDefault(key, java.util.List.of()));
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public void addBucket(String name, String accountId, Optional<NamedPolicy> policy, boolean versioning) {
        buckets.put(name, new Bucket(name, accountId, policy, versioning));
    }

    /** A bucket in {@code region} (seeded with {@code region:}, created with a LocationConstraint, or restored). */
    public void addBucket(
            String name, String accountId, Optional<NamedPolicy> policy, boolean versioning, String region) {
        Bucket bucket = new Bucket(name, accountId, policy, versioning);
        bucket.region = region;
        buckets.put(name, bucket);
    }

    public Optional<Bucket> bucket(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    public Map<String, Bucket> buckets() {
        return buckets;
    }

    public static StoredObject object(byte[] body, String contentType, Instant now) {
        return object(body, contentType, now, Optional.empty());
    }

    public static StoredObject object(byte[] body, String contentType, Instant now, Optional<ObjectChecksum> checksum) {
        return new StoredObject(
                body, "\"" + md5(body) + "\"", contentType, now.truncatedTo(ChronoUnit.SECONDS), checksum);
    }

    public static StoredObject text(String body, Instant now) {
        return object(body.getBytes(StandardCharsets.UTF_8), "text/plain", now);
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is in every Java runtime", e);
        }
    }
}
