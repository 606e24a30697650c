package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.NamedPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
     * tag set, both in the order they were given. {@code contentHeaders} holds the standard headers S3
     * keeps and answers (Cache-Control, Content-Disposition, Content-Encoding, Content-Language,
     * Expires), by their answered name.
     */
    public record StoredObject(
            byte[] body,
            String etag,
            String contentType,
            Instant lastModified,
            Optional<ObjectChecksum> checksum,
            Map<String, String> metadata,
            Map<String, String> tags,
            Map<String, String> contentHeaders) {
        public StoredObject {
            metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
            tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
            contentHeaders = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(contentHeaders));
        }

        /** An object without content headers. */
        public StoredObject(
                byte[] body,
                String etag,
                String contentType,
                Instant lastModified,
                Optional<ObjectChecksum> checksum,
                Map<String, String> metadata,
                Map<String, String> tags) {
            this(body, etag, contentType, lastModified, checksum, metadata, tags, Map.of());
        }

        public StoredObject(
                byte[] body, String etag, String contentType, Instant lastModified, Optional<ObjectChecksum> checksum) {
            this(body, etag, contentType, lastModified, checksum, Map.of(), Map.of());
        }

        /** This object with another tag set (PutObjectTagging, DeleteObjectTagging). */
        public StoredObject withTags(Map<String, String> newTags) {
            return new StoredObject(body, etag, contentType, lastModified, checksum, metadata, newTags, contentHeaders);
        }
    }

    /**
     * One entry of a key's version stack: an object, or a delete marker (no object). {@code versionId}
     * is opaque and URL-safe, or "null" for what was written while the bucket was unversioned or
     * suspended.
     */
    public record Version(String key, String versionId, Optional<StoredObject> object, Instant lastModified) {
        public boolean deleteMarker() {
            return object.isEmpty();
        }
    }

    /** A bucket's versioning status; a bucket once versioned never returns to UNVERSIONED. */
    public enum Versioning {
        UNVERSIONED,
        ENABLED,
        SUSPENDED;

        /** As GetBucketVersioning's Status says it; "" for a bucket never versioned. */
        public String status() {
            return this == UNVERSIONED ? "" : this == ENABLED ? "Enabled" : "Suspended";
        }
    }

    /**
     * A bucket, the account that owns it, its bucket policy, versioning status and MFA Delete, and per
     * key a stack of versions, newest first. {@code objects} indexes the current objects (a key whose
     * newest version is a delete marker has none), for listings and plain reads.
     */
    public static final class Bucket {
        final String name;
        final String accountId;
        volatile Optional<NamedPolicy> policy;
        /** The region the bucket lives in; calls signed for another are refused. */
        volatile String region = "us-east-1";

        volatile Versioning versioning;
        volatile String mfaDelete = "";
        final ConcurrentSkipListMap<String, StoredObject> objects = new ConcurrentSkipListMap<>();
        final ConcurrentSkipListMap<String, List<Version>> versions = new ConcurrentSkipListMap<>();

        Bucket(String name, String accountId, Optional<NamedPolicy> policy, Versioning versioning) {
            this.name = name;
            this.accountId = accountId;
            this.policy = policy;
            this.versioning = versioning;
        }

        public String accountId() {
            return accountId;
        }

        /**
         * Stores {@code object} at {@code key} as its newest version, the one way a new object is
         * written. Versioning enabled: a new version id, older versions kept; otherwise the "null"
         * version is replaced.
         */
        public synchronized Version put(String key, StoredObject object) {
            Version v = new Version(key, newIdOrNull(), Optional.of(object), object.lastModified());
            push(v);
            return v;
        }

        /**
         * DeleteObject without a version: versioned or suspended, a delete marker becomes the newest
         * version (returned); unversioned, the object is gone (empty).
         */
        public synchronized Optional<Version> delete(String key, Instant now) {
            if (versioning == Versioning.UNVERSIONED) {
                versions.remove(key);
                objects.remove(key);
                return Optional.empty();
            }
            Version marker = new Version(key, newIdOrNull(), Optional.empty(), now.truncatedTo(ChronoUnit.SECONDS));
            push(marker);
            return Optional.of(marker);
        }

        /** Removes one version (or delete marker) for good; the next newest becomes current. */
        public synchronized Optional<Version> deleteVersion(String key, String versionId) {
            Optional<Version> found = version(key, versionId);
            found.ifPresent(v -> {
                List<Version> rest = new ArrayList<>(versions(key));
                rest.removeIf(x -> x.versionId().equals(versionId));
                settle(key, rest);
            });
            return found;
        }

        /**
         * Sets the tag set of the version {@code versionId} as it is now, in place (no new version),
         * reading and writing under the bucket's lock: a PutObject landing between a caller's read and
         * this call keeps its body (the tags go onto it). The object before, or empty when that
         * version is gone or is a delete marker by now.
         */
        public synchronized Optional<StoredObject> retag(String key, String versionId, Map<String, String> tags) {
            Optional<StoredObject> before = version(key, versionId).flatMap(Version::object);
            before.ifPresent(old -> {
                List<Version> stack = new ArrayList<>(versions(key));
                stack.replaceAll(v -> v.versionId().equals(versionId)
                        ? new Version(key, versionId, Optional.of(old.withTags(tags)), v.lastModified())
                        : v);
                settle(key, stack);
            });
            return before;
        }

        /** Restores a key's versions, newest first, as the state file recorded them. */
        public synchronized void restore(String key, List<Version> newestFirst) {
            settle(key, new ArrayList<>(newestFirst));
        }

        private void push(Version v) {
            List<Version> stack = new ArrayList<>(versions(v.key()));
            if (v.versionId().equals(NULL_VERSION)) {
                stack.removeIf(x -> x.versionId().equals(NULL_VERSION));
            }
            stack.add(0, v);
            settle(v.key(), stack);
        }

        private void settle(String key, List<Version> stack) {
            if (stack.isEmpty()) {
                versions.remove(key);
                objects.remove(key);
                return;
            }
            versions.put(key, List.copyOf(stack));
            Optional<StoredObject> current = stack.get(0).object();
            if (current.isPresent()) {
                objects.put(key, current.get());
            } else {
                objects.remove(key);
            }
        }

        private String newIdOrNull() {
            return versioning == Versioning.ENABLED ? newVersionId() : NULL_VERSION;
        }

        /** Removes the current object at {@code key} (DeleteObject without a version); true when one was there. */
        public boolean remove(String key) {
            boolean existed = objects.containsKey(key);
            delete(key, Instant.now());
            return existed;
        }

        public String name() {
            return name;
        }

        public Optional<NamedPolicy> policy() {
            return policy;
        }

        /** Whether versioning is enabled (not suspended, not unversioned). */
        public boolean versioning() {
            return versioning == Versioning.ENABLED;
        }

        public Versioning versioningStatus() {
            return versioning;
        }

        public String region() {
            return region;
        }

        /** Whether MFA Delete is enabled. */
        public boolean mfaDelete() {
            return mfaDelete.equals("Enabled");
        }

        /** MFA Delete as GetBucketVersioning says it: "Enabled", "Disabled", or "" when never configured. */
        public String mfaDeleteStatus() {
            return mfaDelete;
        }

        /** Sets the versioning status and MFA Delete ("Enabled", "Disabled" or "") (PutBucketVersioning, a state file). */
        public synchronized void configure(Versioning status, String mfaDeleteStatus) {
            this.versioning = status;
            this.mfaDelete = mfaDeleteStatus;
        }

        /** The current objects, by key (a read-only view). */
        public Map<String, StoredObject> objects() {
            return java.util.Collections.unmodifiableMap(objects);
        }

        /** A key's versions and delete markers, newest first. */
        public List<Version> versions(String key) {
            return versions.getOrDefault(key, List.of());
        }

        /** Every key's versions, newest first, by key (a read-only view, keys in order). */
        public java.util.NavigableMap<String, List<Version>> allVersions() {
            return java.util.Collections.unmodifiableNavigableMap(versions);
        }

        public Optional<Version> version(String key, String versionId) {
            return versions(key).stream()
                    .filter(v -> v.versionId().equals(versionId))
                    .findFirst();
        }

        /** The newest version of {@code key}: its current object, or the delete marker hiding it. */
        public Optional<Version> latest(String key) {
            List<Version> stack = versions(key);
            return stack.isEmpty() ? Optional.empty() : Optional.of(stack.get(0));
        }

        /** Versions hidden by newer ones (noncurrent), by key. */
        public List<StoredObject> noncurrentVersions(String key) {
            return versions(key).stream()
                    .skip(1)
                    .flatMap(v -> v.object().stream())
                    .toList();
        }
    }

    /** The version id of what was written while a bucket was unversioned or suspended. */
    public static final String NULL_VERSION = "null";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._]{32}");

    /** A new version id: 32 URL-safe characters, as S3's look. */
    static String newVersionId() {
        StringBuilder b = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            b.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return b.toString();
    }

    /** Whether {@code versionId} has the shape of an id S3 could have issued ("null" included). */
    public static boolean wellFormedVersionId(String versionId) {
        return NULL_VERSION.equals(versionId) || ID.matcher(versionId).matches();
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Uploads uploads;

    /** A store whose multipart uploads keep their parts in memory. */
    public ObjectStore() {
        this(PartStore.inMemory());
    }

    /** A store whose multipart uploads keep their parts' bytes in {@code parts}. */
    public ObjectStore(PartStore parts) {
        this.uploads = new Uploads(parts);
    }

    /** The multipart uploads in progress, in every bucket. */
    public Uploads uploads() {
        return uploads;
    }

    public void addBucket(String name, String accountId, Optional<NamedPolicy> policy, boolean versioning) {
        addBucket(name, accountId, policy, versioning ? Versioning.ENABLED : Versioning.UNVERSIONED);
    }

    public void addBucket(String name, String accountId, Optional<NamedPolicy> policy, Versioning versioning) {
        buckets.put(name, new Bucket(name, accountId, policy, versioning));
    }

    /** A bucket in {@code region} (seeded with {@code region:}, created with a LocationConstraint, or restored). */
    public void addBucket(
            String name, String accountId, Optional<NamedPolicy> policy, boolean versioning, String region) {
        addBucket(name, accountId, policy, versioning ? Versioning.ENABLED : Versioning.UNVERSIONED, region);
    }

    public void addBucket(
            String name, String accountId, Optional<NamedPolicy> policy, Versioning versioning, String region) {
        Bucket bucket = new Bucket(name, accountId, policy, versioning);
        bucket.region = region;
        buckets.put(name, bucket);
    }

    /**
     * CreateBucket: a new unversioned bucket in {@code region}, unless one of that name exists —
     * then that one is returned and nothing changes (two concurrent creates: exactly one wins).
     */
    public Optional<Bucket> createBucket(String name, String accountId, String region) {
        Bucket bucket = new Bucket(name, accountId, Optional.empty(), Versioning.UNVERSIONED);
        bucket.region = region;
        return Optional.ofNullable(buckets.putIfAbsent(name, bucket));
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
