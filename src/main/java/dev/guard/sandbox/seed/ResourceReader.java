package dev.guard.sandbox.seed;

import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.SeqNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads an account's resources: EC2 instances, DynamoDB tables, S3 buckets and their objects. */
final class ResourceReader {
    private static final int MAX_TAG_KEY = 128;
    private static final int MAX_TAG_VALUE = 256;

    private final Problems problems;
    private final PolicyChecker checker;
    // Instance ids and bucket names are unique across the world, as in AWS.
    private final SeedYaml.Unique instanceIds;
    private final SeedYaml.Unique bucketNames;

    ResourceReader(Problems problems, PolicyChecker checker) {
        this.problems = problems;
        this.checker = checker;
        this.instanceIds = new SeedYaml.Unique("instance id", problems);
        this.bucketNames = new SeedYaml.Unique("bucket name", problems);
    }

    List<SeedInstance> instances(Fields account) {
        List<SeedInstance> out = new ArrayList<>();
        for (Fields i : SeedYaml.items(account, "instances")) {
            i.allowOnly("id", "state", "instanceType", "tags", "disableApiTermination", "region");
            Optional<Scalar> id = SeedYaml.string(i, "id", SeedRules::instanceId);
            instanceIds.claim(id, i.child("id"));
            Optional<Scalar> state = SeedYaml.string(i, "state", SeedRules::instanceState);
            Optional<Scalar> type = SeedYaml.string(i, "instanceType", false, false, SeedRules::instanceType);
            Optional<Scalar> region = SeedYaml.string(i, "region", false, false, SeedRules::region);
            out.add(new SeedInstance(
                    SeedYaml.text(id),
                    SeedYaml.text(state),
                    type.map(Scalar::text).orElse("t3.micro"),
                    tags(i),
                    i.bool("disableApiTermination").orElse(false),
                    region.map(Scalar::text).orElse("us-east-1")));
        }
        return out;
    }

    /** An instance's or a table's {@code tags}, checked as AWS checks tags. */
    Map<String, String> tags(Fields owner) {
        Map<String, String> out = new LinkedHashMap<>();
        owner.stringMap("tags", false)
                .ifPresent(tags -> tags.forEach((key, value) -> {
                    if (key.isEmpty() || key.length() > MAX_TAG_KEY || key.startsWith("aws:")) {
                        problems.add(
                                value.position(),
                                owner.child("tags") + ": '" + key + "' is not a tag key (1-128 characters, not aws:)");
                    }
                    if (value.text().length() > MAX_TAG_VALUE) {
                        problems.add(
                                value.position(),
                                owner.child("tags." + key) + ": a tag value is at most 256 characters");
                    }
                    out.put(key, value.text());
                }));
        return out;
    }

    List<SeedTable> tables(Fields account) {
        List<SeedTable> out = new ArrayList<>();
        SeedYaml.Unique names = new SeedYaml.Unique("table name", problems);
        for (Fields t : SeedYaml.items(account, "tables")) {
            t.allowOnly("name", "status", "deletionProtection", "partitionKey", "ttlAttribute", "tags");
            Optional<Scalar> name = SeedYaml.string(t, "name", SeedRules::tableName);
            names.claim(name, t.child("name"));
            Optional<Scalar> status = SeedYaml.string(t, "status", false, false, SeedRules::tableStatus);
            Optional<Scalar> key = t.string("partitionKey", true);
            Optional<Scalar> ttl = SeedYaml.string(t, "ttlAttribute", false, false, SeedRules::attributeName);
            out.add(new SeedTable(
                    SeedYaml.text(name),
                    status.map(Scalar::text).orElse("ACTIVE"),
                    t.bool("deletionProtection").orElse(false),
                    SeedYaml.text(key),
                    ttl.map(Scalar::text),
                    tags(t)));
        }
        return out;
    }

    List<SeedBucket> buckets(Fields account) {
        List<SeedBucket> out = new ArrayList<>();
        for (Fields b : SeedYaml.items(account, "buckets")) {
            b.allowOnly("name", "policy", "versioning", "objects", "region");
            Optional<Scalar> name = SeedYaml.string(b, "name", SeedRules::bucketName);
            bucketNames.claim(name, b.child("name"));
            Optional<Object> policy = b.node("policy", false).map(p -> {
                checker.check(p, b.child("policy"), PolicyChecker.Kind.RESOURCE);
                return PlainTree.toPlain(p);
            });
            String region = SeedYaml.string(b, "region", false, false, SeedRules::region)
                    .map(dev.guard.yaml.Scalar::text)
                    .orElse("us-east-1");
            boolean versioning = b.bool("versioning").orElse(false);
            Map<String, List<String>> history = new LinkedHashMap<>();
            Map<String, String> objects = objects(b, versioning, history);
            out.add(new SeedBucket(SeedYaml.text(name), policy, versioning, objects, region, history));
        }
        return out;
    }

    /**
     * Object keys to text bodies; an empty body is a valid (empty) object. In a versioned bucket a
     * key may name a list of bodies, oldest first: the last is current, the others go to {@code history}.
     */
    private Map<String, String> objects(Fields bucket, boolean versioning, Map<String, List<String>> history) {
        Map<String, String> out = new LinkedHashMap<>();
        bucket.mapping("objects", false).ifPresent(objects -> {
            for (MapNode.Entry e : objects.node().entries()) {
                SeedRules.objectKey(e.key())
                        .ifPresent(why -> problems.add(e.keyPosition(), objects.child(e.key()) + ": " + why));
                if (e.value() instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
                    out.put(e.key(), s.text());
                } else if (e.value() instanceof SeqNode seq) {
                    versions(objects, e, seq, versioning).ifPresent(bodies -> {
                        out.put(e.key(), bodies.get(bodies.size() - 1));
                        history.put(e.key(), bodies.subList(0, bodies.size() - 1));
                    });
                } else {
                    objects.asString(e.value(), objects.child(e.key()), false);
                }
            }
        });
        return out;
    }

    /** A key's list of versions: only in a versioned bucket, at least one, each a string. */
    private Optional<List<String>> versions(Fields objects, MapNode.Entry e, SeqNode seq, boolean versioning) {
        String where = objects.child(e.key());
        if (!versioning) {
            problems.add(e.keyPosition(), where + ": a list of versions needs versioning: true on the bucket");
            return Optional.empty();
        }
        if (seq.items().isEmpty()) {
            problems.add(e.keyPosition(), where + ": a list of versions needs at least one body");
            return Optional.empty();
        }
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            objects.asString(seq.items().get(i), where + "[" + i + "]", false).ifPresent(s -> bodies.add(s.text()));
        }
        return bodies.size() == seq.items().size() ? Optional.of(bodies) : Optional.empty();
    }
}
