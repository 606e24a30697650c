package dev.guard.sandbox.persist;

import dev.guard.json.JsonException;
import dev.guard.json.JsonObject;
import dev.guard.sandbox.dynamodb.Tables;
import dev.guard.sandbox.ec2.Instances;
import dev.guard.sandbox.iam.NamedPolicy;
import dev.guard.sandbox.iam.PolicyDocument;
import dev.guard.sandbox.iam.PolicyException;
import dev.guard.sandbox.iam.Principal;
import dev.guard.sandbox.s3.ObjectChecksum;
import dev.guard.sandbox.s3.ObjectStore;
import dev.guard.sandbox.sigv4.KnownCredential;
import dev.guard.sandbox.state.Caller;
import dev.guard.sandbox.state.CredentialRegistry;
import dev.guard.sandbox.state.MfaDevices;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's mutable world as a plain tree and back: EC2 instances, DynamoDB tables and
 * backups, S3 buckets (every version and delete marker, policy, versioning, MFA Delete) and multipart
 * uploads in progress (their parts' bytes are in {@link PartFiles}), the temporary credentials
 * STS issued (with their session policies), expired ones for a week (so a restart keeps {@code guard login} sessions valid, and
 * refuses expired ones as expired) and the
 * last MFA time step each device accepted (so a restart does not make a used code valid again).
 * IAM users, roles, policies and long-term keys are not state: they come from the seed every time.
 */
public final class WorldState {
    static final String FORMAT = "guard-sandbox-state/1";

    private final Instances instances;
    private final Tables tables;
    private final ObjectStore objects;
    private final CredentialRegistry credentials;
    private final MfaDevices devices;

    public WorldState(
            Instances instances,
            Tables tables,
            ObjectStore objects,
            CredentialRegistry credentials,
            MfaDevices devices) {
        this.instances = instances;
        this.tables = tables;
        this.objects = objects;
        this.credentials = credentials;
        this.devices = devices;
    }

    public Map<String, Object> capture(Instant now) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("format", FORMAT);
        tree.put(
                "instances",
                instances.snapshots().stream().map(WorldState::instance).toList());
        tree.put("tables", tables.snapshots().stream().map(WorldState::table).toList());
        tree.put("backups", tables.backupList().stream().map(WorldState::backup).toList());
        tree.put(
                "buckets",
                objects.buckets().values().stream().map(WorldState::bucket).toList());
        tree.put(
                "credentials",
                credentials.issued(now).stream().map(WorldState::credential).toList());
        tree.put("mfaSteps", devices.usedSteps());
        tree.put("uploads", UploadState.capture(objects.uploads()));
        return tree;
    }

    /** Fills the (empty) stores from {@code tree}; a tree of the wrong shape is a {@link StateException}. */
    public void restore(Path file, Map<String, Object> tree, Instant now) {
        try {
            JsonObject root = new JsonObject(tree, "$");
            if (!FORMAT.equals(root.string("format"))) {
                throw new StateException(file, "format is " + root.string("format") + ", expected " + FORMAT);
            }
            for (JsonObject i : root.list("instances")) {
                instances.restore(new Instances.Snapshot(
                        i.string("id"),
                        i.string("account"),
                        // State files written before instances had a region held only us-east-1's.
                        i.optionalString("region").orElse(Instances.DEFAULT_REGION),
                        i.string("type"),
                        i.string("imageId"),
                        i.string("reservationId"),
                        i.strings("tags"),
                        i.instant("launched"),
                        i.string("state"),
                        i.bool("disableApiTermination"),
                        // State files written before transitions took time have none.
                        i.optionalInstant("settlesAt")));
            }
            for (JsonObject t : root.list("tables")) {
                tables.restore(table(t));
            }
            for (JsonObject b : root.list("backups")) {
                tables.restore(new Tables.Backup(
                        b.string("arn"),
                        b.string("name"),
                        b.string("tableName"),
                        b.string("tableArn"),
                        b.string("account"),
                        b.string("region"),
                        b.instant("created"),
                        b.string("status"),
                        b.optionalInstant("settlesAt")));
            }
            for (JsonObject b : root.list("buckets")) {
                restoreBucket(b);
            }
            for (JsonObject c : root.list("credentials")) {
                KnownCredential k = new KnownCredential(
                        c.string("accessKeyId"),
                        c.string("secretAccessKey"),
                        c.optionalString("sessionToken"),
                        c.optionalInstant("expiration"),
                        c.string("principalId"));
                if (CredentialRegistry.isKept(k, now)) {
                    credentials.restore(new CredentialRegistry.Entry(k, caller(c.object("caller"))));
                }
            }
            root.numbers("mfaSteps").forEach(devices::restoreUsedStep);
            UploadState.restore(tree, root, objects.uploads());
        } catch (JsonException | PolicyException | IllegalArgumentException e) {
            throw new StateException(file, e.getMessage());
        }
    }

    private static Tables.TableSnapshot table(JsonObject t) {
        return new Tables.TableSnapshot(
                t.string("account"),
                t.string("region"),
                t.string("name"),
                t.string("partitionKey"),
                t.string("status"),
                t.bool("deletionProtection"),
                t.instant("created"),
                // State files written before tables kept tags have none, nor items or Time to Live.
                t.optionalObject("tags").isPresent() ? t.strings("tags") : Map.of(),
                t.optionalString("ttlAttribute"),
                t.optionalObject("items").isPresent() ? t.strings("items") : Map.of(),
                t.optionalInstant("settlesAt"));
    }

    private static Map<String, Object> instance(Instances.Snapshot i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("account", i.account());
        m.put("region", i.region());
        m.put("type", i.type());
        m.put("imageId", i.imageId());
        m.put("reservationId", i.reservationId());
        m.put("tags", i.tags());
        m.put("launched", i.launched().toString());
        m.put("state", i.state());
        m.put("disableApiTermination", i.disableApiTermination());
        // An instance in a transition: when it ends (the next request after a restart settles it).
        i.settlesAt().ifPresent(at -> m.put("settlesAt", at.toString()));
        return m;
    }

    private static Map<String, Object> table(Tables.TableSnapshot t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", t.account());
        m.put("region", t.region());
        m.put("name", t.name());
        m.put("partitionKey", t.partitionKey());
        m.put("status", t.status());
        m.put("deletionProtection", t.deletionProtection());
        m.put("created", t.created().toString());
        m.put("tags", t.tags());
        t.ttlAttribute().ifPresent(a -> m.put("ttlAttribute", a));
        m.put("items", t.items());
        t.settlesAt().ifPresent(at -> m.put("settlesAt", at.toString()));
        return m;
    }

    private static Map<String, Object> backup(Tables.Backup b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arn", b.arn());
        m.put("name", b.name());
        m.put("tableName", b.tableName());
        m.put("tableArn", b.tableArn());
        m.put("account", b.account());
        m.put("region", b.region());
        m.put("created", b.created().toString());
        m.put("status", b.status());
        b.settlesAt().ifPresent(at -> m.put("settlesAt", at.toString()));
        return m;
    }

    private static Map<String, Object> bucket(ObjectStore.Bucket b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", b.name());
        m.put("account", b.accountId());
        m.put("versioning", b.versioning());
        m.put("region", b.region());
        m.put("versioningStatus", b.versioningStatus().name());
        m.put("mfaDelete", b.mfaDeleteStatus());
        m.put("policy", b.policy().map(WorldState::policy).orElse(null));
        // Every key's versions and delete markers, newest first; the current objects follow from them.
        List<Object> versions = new ArrayList<>();
        b.allVersions().forEach((key, stack) -> stack.forEach(v -> versions.add(version(v))));
        m.put("versions", versions);
        m.put("objects", List.of());
        m.put("noncurrent", List.of());
        return m;
    }

    private static Map<String, Object> version(ObjectStore.Version v) {
        Map<String, Object> m = v.object()
                .map(o -> object(v.key(), o))
                .orElseGet(() -> new LinkedHashMap<>(Map.of("key", v.key(), "deleteMarker", true)));
        m.put("versionId", v.versionId());
        m.put("lastModified", v.lastModified().toString());
        return m;
    }

    private static Map<String, Object> object(String key, ObjectStore.StoredObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("body", Base64.getEncoder().encodeToString(o.body()));
        m.put("etag", o.etag());
        m.put("contentType", o.contentType());
        m.put("lastModified", o.lastModified().toString());
        o.checksum().ifPresent(c -> {
            m.put("checksumAlgorithm", c.algorithm());
            m.put("checksum", c.value());
        });
        m.put("metadata", o.metadata());
        m.put("tags", o.tags());
        if (!o.contentHeaders().isEmpty()) {
            m.put("contentHeaders", o.contentHeaders());
        }
        return m;
    }

    private static ObjectStore.StoredObject object(JsonObject o) {
        return new ObjectStore.StoredObject(
                Base64.getDecoder().decode(o.string("body")),
                o.string("etag"),
                o.string("contentType"),
                o.instant("lastModified"),
                // State files written before checksums were kept have none.
                o.optionalString("checksumAlgorithm").map(a -> new ObjectChecksum(a, o.string("checksum"))),
                // Nor metadata and tags before they were modelled.
                o.optionalObject("metadata").isPresent() ? o.strings("metadata") : Map.of(),
                o.optionalObject("tags").isPresent() ? o.strings("tags") : Map.of(),
                // Nor Cache-Control and the other content headers before they were kept.
                o.optionalObject("contentHeaders").isPresent() ? o.strings("contentHeaders") : Map.of());
    }

    private void restoreBucket(JsonObject b) {
        String name = b.string("name");
        Optional<NamedPolicy> policy = b.optionalObject("policy").map(WorldState::policy);
        Optional<String> status = b.optionalString("versioningStatus");
        objects.addBucket(
                name,
                b.string("account"),
                policy,
                status.map(ObjectStore.Versioning::valueOf)
                        .orElse(
                                b.bool("versioning")
                                        ? ObjectStore.Versioning.ENABLED
                                        : ObjectStore.Versioning.UNVERSIONED),
                // State files written before buckets had regions hold us-east-1 buckets.
                b.optionalString("region").orElse("us-east-1"));
        ObjectStore.Bucket bucket = objects.bucket(name).orElseThrow();
        if (status.isPresent()) {
            bucket.configure(bucket.versioningStatus(), b.string("mfaDelete"));
            Map<String, List<ObjectStore.Version>> stacks = new LinkedHashMap<>();
            for (JsonObject v : b.list("versions")) {
                String key = v.string("key");
                Optional<ObjectStore.StoredObject> o =
                        v.optionalString("body").isPresent() ? Optional.of(object(v)) : Optional.empty();
                stacks.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new ObjectStore.Version(key, v.string("versionId"), o, v.instant("lastModified")));
            }
            stacks.forEach(bucket::restore);
            return;
        }
        restoreLegacyObjects(b, bucket);
    }

    /**
     * A state file from before version ids: the noncurrent versions (oldest first) under a delete
     * marker unless the key has a current object, which is newest. Each gets a version id now.
     */
    private static void restoreLegacyObjects(JsonObject b, ObjectStore.Bucket bucket) {
        for (JsonObject o : b.list("noncurrent")) {
            bucket.put(o.string("key"), object(o));
        }
        Map<String, ObjectStore.StoredObject> current = new LinkedHashMap<>();
        for (JsonObject o : b.list("objects")) {
            current.put(o.string("key"), object(o));
        }
        for (String key : List.copyOf(bucket.allVersions().keySet())) {
            if (!current.containsKey(key)) {
                bucket.delete(key, bucket.latest(key).orElseThrow().lastModified());
            }
        }
        current.forEach(bucket::put);
    }

    private static Map<String, Object> policy(NamedPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("document", p.document().json());
        return m;
    }

    private static Map<String, Object> credential(CredentialRegistry.Entry e) {
        KnownCredential k = e.credential();
        Caller c = e.caller();
        Map<String, Object> caller = new LinkedHashMap<>();
        caller.put("arn", c.principal().arn());
        caller.put("accountId", c.principal().accountId());
        caller.put("principalKind", c.principal().kind().name());
        caller.put("kind", c.kind().name());
        caller.put(
                "mfaAuthenticatedAt",
                c.mfaAuthenticatedAt().map(Instant::toString).orElse(null));
        caller.put("userName", c.userName().orElse(null));
        caller.put("sourceIdentity", c.sourceIdentity().orElse(null));
        caller.put("issuedAt", c.issuedAt().map(Instant::toString).orElse(null));
        caller.put(
                "policies",
                c.identityPolicies().stream().map(WorldState::policy).toList());
        if (!c.sessionPolicies().isEmpty()) {
            caller.put(
                    "sessionPolicies",
                    Map.of(
                            "policies",
                            c.sessionPolicies().stream().map(WorldState::policy).toList()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessKeyId", k.accessKeyId());
        m.put("secretAccessKey", k.secretAccessKey());
        m.put("sessionToken", k.sessionToken().orElse(null));
        m.put("expiration", k.expiration().map(Instant::toString).orElse(null));
        m.put("principalId", k.principalId());
        m.put("caller", caller);
        return m;
    }

    private static Caller caller(JsonObject c) {
        return new Caller(
                new Principal(
                        c.string("arn"), c.string("accountId"), Principal.Kind.valueOf(c.string("principalKind"))),
                Caller.CredentialKind.valueOf(c.string("kind")),
                c.optionalInstant("mfaAuthenticatedAt"),
                c.optionalString("userName"),
                c.optionalString("sourceIdentity"),
                c.list("policies").stream().map(WorldState::policy).toList(),
                // State files written before session policies were kept have none.
                c.optionalObject("sessionPolicies")
                        .map(s -> s.list("policies").stream()
                                .map(WorldState::policy)
                                .toList())
                        .orElse(List.of()),
                // State files written before issue times were kept have none.
                c.optionalInstant("issuedAt"));
    }

    private static NamedPolicy policy(JsonObject p) {
        return new NamedPolicy(p.string("name"), PolicyDocument.parseJson(p.string("document")));
    }
}
