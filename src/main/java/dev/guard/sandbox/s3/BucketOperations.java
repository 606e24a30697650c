package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.NamedPolicy;
import dev.guard.sandbox.iam.PolicyDocument;
import dev.guard.sandbox.iam.PolicyException;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * S3's bucket-level calls: CreateBucket, PutBucketPolicy, Get/PutBucketVersioning and the batched
 * DeleteObjects (at most 1,000 keys, each authorized on its own, per-key errors, quiet mode).
 */
final class BucketOperations {
    private static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final S3Service s3;
    private final ObjectStore store;

    BucketOperations(S3Service s3, ObjectStore store) {
        this.s3 = s3;
        this.store = store;
    }

    Reply createBucket(Call call, String name) {
        BucketNames.check(name);
        String resource = "arn:aws:s3:::" + name;
        Decision d = s3.authorizeIdentity(call, "s3:CreateBucket", resource);
        String region = BucketRegions.forCreate(call);
        // One atomic create: of two concurrent creates of a name, the second finds the first's bucket.
        Optional<ObjectStore.Bucket> existing =
                store.createBucket(name, call.caller().accountId(), region);
        boolean ownAgain = existing.isPresent()
                && existing.get().accountId().equals(call.caller().accountId());
        if (ownAgain && existing.get().region().equals(BucketRegions.DEFAULT)) {
            // S3's legacy answer in us-east-1 only: re-creating your own bucket is 200 OK (and would
            // reset its ACLs, which the sandbox does not model). Nothing changes.
            return new Reply(
                    200,
                    "application/xml",
                    new byte[0],
                    Map.of("Location", "/" + name),
                    "s3:CreateBucket",
                    resource,
                    d.decidingStatement(),
                    false);
        }
        if (existing.isPresent()) {
            throw ownAgain
                    ? new AwsError(
                            409,
                            "BucketAlreadyOwnedByYou",
                            "Your previous request to create the named bucket" + " succeeded and you already own it.")
                    : new AwsError(409, "BucketAlreadyExists", "The requested bucket name is not available.");
        }
        // S3 answers a path in us-east-1 and the bucket's URL elsewhere.
        String location = region.equals(BucketRegions.DEFAULT) ? "/" + name : "http://" + name + ".s3.amazonaws.com/";
        return new Reply(
                200,
                "application/xml",
                new byte[0],
                Map.of("Location", location),
                "s3:CreateBucket",
                resource,
                d.decidingStatement(),
                true);
    }

    Reply putPolicy(Call call, ObjectStore.Bucket bucket) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:PutBucketPolicy", resource);
        RequestDigest.verify(call);
        try {
            PolicyDocument doc = PolicyDocument.parseJson(new String(call.payload(), StandardCharsets.UTF_8));
            bucket.policy = Optional.of(new NamedPolicy(bucket.name + "-policy", doc));
        } catch (PolicyException e) {
            throw new AwsError(400, "MalformedPolicy", e.getMessage());
        }
        return new Reply(
                204,
                "application/xml",
                new byte[0],
                Map.of(),
                "s3:PutBucketPolicy",
                resource,
                d.decidingStatement(),
                true);
    }

    Reply getVersioning(Call call, ObjectStore.Bucket bucket) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:GetBucketVersioning", resource);
        // A bucket never versioned has an empty configuration; MfaDelete shows once it was configured.
        Xml xml = new Xml().open("VersioningConfiguration", XMLNS);
        String status = bucket.versioningStatus().status();
        xml.element("Status", status.isEmpty() ? null : status);
        xml.element("MfaDelete", bucket.mfaDeleteStatus().isEmpty() ? null : bucket.mfaDeleteStatus());
        xml.close("VersioningConfiguration");
        return new Reply(
                200,
                "application/xml",
                xml.toString().getBytes(StandardCharsets.UTF_8),
                Map.of(),
                "s3:GetBucketVersioning",
                resource,
                d.decidingStatement(),
                false);
    }

    /**
     * PutBucketVersioning. With MFA Delete enabled, or turning it on, the request needs the bucket
     * owner's root user's {@code x-amz-mfa}; a code given when none is needed is checked all the same.
     */
    Reply putVersioning(Call call, ObjectStore.Bucket bucket) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:PutBucketVersioning", resource);
        RequestDigest.verify(call);
        Document doc = RequestXml.parse(call.payload());
        String status = text(doc.getDocumentElement(), "Status");
        String mfa = text(doc.getDocumentElement(), "MfaDelete");
        if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
            throw RequestXml.malformed();
        }
        if (mfa != null && !mfa.equals("Enabled") && !mfa.equals("Disabled")) {
            throw RequestXml.malformed();
        }
        // A code that was checked is used up: that, too, is state to save.
        boolean codeUsed = bucket.mfaDelete() || "Enabled".equals(mfa) || call.header("x-amz-mfa") != null;
        if (codeUsed) {
            s3.mfaDelete().require(call, bucket);
        }
        ObjectStore.Versioning before = bucket.versioningStatus();
        String mfaBefore = bucket.mfaDeleteStatus();
        ObjectStore.Versioning after =
                status.equals("Enabled") ? ObjectStore.Versioning.ENABLED : ObjectStore.Versioning.SUSPENDED;
        bucket.configure(after, mfa == null ? mfaBefore : mfa);
        return new Reply(
                200,
                "application/xml",
                new byte[0],
                Map.of(),
                "s3:PutBucketVersioning",
                resource,
                d.decidingStatement(),
                codeUsed || before != after || !mfaBefore.equals(bucket.mfaDeleteStatus()));
    }

    /** One object of a DeleteObjects request: its key, exactly as sent, and the version it names, if any. */
    private record Target(String key, Optional<String> versionId) {}

    Reply deleteObjects(Call call, ObjectStore.Bucket bucket) {
        RequestDigest.require(call);
        Document doc = RequestXml.parse(call.payload());
        boolean quiet = "true".equals(text(doc.getDocumentElement(), "Quiet"));
        NodeList objects = doc.getDocumentElement().getElementsByTagName("Object");
        if (objects.getLength() == 0 || objects.getLength() > 1000) {
            throw RequestXml.malformed();
        }
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < objects.getLength(); i++) {
            // Exactly as sent: a key may begin or end with a space or a line break.
            String key = exact((Element) objects.item(i), "Key");
            if (key == null || key.isEmpty()) {
                throw RequestXml.malformed();
            }
            targets.add(new Target(key, Optional.ofNullable(text((Element) objects.item(i), "VersionId"))));
        }
        // MFA Delete: versions named, or a code given at all, and the whole request needs a valid one.
        boolean codeUsed = bucket.mfaDelete()
                && (call.header("x-amz-mfa") != null
                        || targets.stream().anyMatch(t -> t.versionId().isPresent()));
        if (codeUsed) {
            s3.mfaDelete().require(call, bucket);
        }
        Xml xml = new Xml().open("DeleteResult", XMLNS);
        boolean mutated = codeUsed;
        for (Target target : targets) {
            try {
                mutated |= deleteOne(call, bucket, target, quiet ? null : xml);
            } catch (AwsError e) {
                xml.open("Error")
                        .element("Key", target.key())
                        .element("VersionId", target.versionId().orElse(null))
                        .element("Code", e.code())
                        .element("Message", e.getMessage())
                        .close("Error");
            }
        }
        xml.close("DeleteResult");
        return new Reply(
                200,
                "application/xml",
                xml.toString().getBytes(StandardCharsets.UTF_8),
                Map.of(),
                "s3:DeleteObjects",
                "arn:aws:s3:::" + bucket.name + "/*",
                Optional.empty(),
                mutated);
    }

    /**
     * Deletes one object of a batch as DeleteObject would (a named version for good, else a delete
     * marker when versioned) and reports it in {@code xml} unless quiet (null); true when it changed
     * the bucket.
     */
    private boolean deleteOne(Call call, ObjectStore.Bucket bucket, Target target, Xml xml) {
        String resource = "arn:aws:s3:::" + bucket.name + "/" + target.key();
        if (target.versionId().isPresent()) {
            String id = target.versionId().get();
            if (!ObjectStore.wellFormedVersionId(id)) {
                // In a batch S3 reports a malformed id as a version that does not exist.
                throw new AwsError(404, "NoSuchVersion", "The specified version does not exist.");
            }
            s3.authorizeVersion(call, bucket, "s3:DeleteObjectVersion", resource, id);
            Optional<ObjectStore.Version> removed = bucket.deleteVersion(target.key(), id);
            boolean marker = removed.isPresent() && removed.get().deleteMarker();
            if (xml != null) {
                xml.open("Deleted").element("Key", target.key()).element("VersionId", id);
                if (marker) {
                    xml.element("DeleteMarker", true).element("DeleteMarkerVersionId", id);
                }
                xml.close("Deleted");
            }
            return removed.isPresent();
        }
        s3.authorize(call, bucket, "s3:DeleteObject", resource);
        boolean existed = bucket.objects.containsKey(target.key());
        Optional<ObjectStore.Version> marker = bucket.delete(target.key(), call.now());
        if (xml != null) {
            xml.open("Deleted").element("Key", target.key());
            marker.ifPresent(m -> xml.element("DeleteMarker", true).element("DeleteMarkerVersionId", m.versionId()));
            xml.close("Deleted");
        }
        return existed || marker.isPresent();
    }

    private static String exact(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
