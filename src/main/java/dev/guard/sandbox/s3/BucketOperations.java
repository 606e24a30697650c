package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.NamedPolicy;
import dev.guard.sandbox.iam.PolicyDocument;
import dev.guard.sandbox.iam.PolicyException;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
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
        String resource = "arn:aws:s3:::" + name;
        Decision d = s3.authorizeIdentity(call, "s3:CreateBucket", resource);
        String region = BucketRegions.forCreate(call);
        Optional<ObjectStore.Bucket> existing = store.bucket(name);
        if (existing.isPresent()) {
            throw existing.get().accountId().equals(call.caller().accountId())
                    ? new AwsError(
                            409,
                            "BucketAlreadyOwnedByYou",
                            "Your previous request to create the named bucket" + " succeeded and you already own it.")
                    : new AwsError(409, "BucketAlreadyExists", "The requested bucket name is not available.");
        }
        store.addBucket(name, call.caller().accountId(), Optional.empty(), false, region);
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
        Xml xml = new Xml().open("VersioningConfiguration", XMLNS);
        if (bucket.versioning) {
            xml.element("Status", "Enabled");
        }
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

    Reply putVersioning(Call call, ObjectStore.Bucket bucket) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:PutBucketVersioning", resource);
        Document doc = parse(call.payload());
        String status = text(doc.getDocumentElement(), "Status");
        if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
            throw malformed();
        }
        boolean before = bucket.versioning;
        bucket.versioning = status.equals("Enabled");
        return new Reply(
                200,
                "application/xml",
                new byte[0],
                Map.of(),
                "s3:PutBucketVersioning",
                resource,
                d.decidingStatement(),
                before != bucket.versioning);
    }

    Reply deleteObjects(Call call, ObjectStore.Bucket bucket) {
        Document doc = parse(call.payload());
        boolean quiet = "true".equals(text(doc.getDocumentElement(), "Quiet"));
        NodeList objects = doc.getDocumentElement().getElementsByTagName("Object");
        if (objects.getLength() == 0 || objects.getLength() > 1000) {
            throw malformed();
        }
        Xml xml = new Xml().open("DeleteResult", XMLNS);
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < objects.getLength(); i++) {
            // Exactly as sent: a key may begin or end with a space or a line break.
            String key = exact((Element) objects.item(i), "Key");
            if (key == null || key.isEmpty()) {
                throw malformed();
            }
            try {
                s3.authorize(call, bucket, "s3:DeleteObject", "arn:aws:s3:::" + bucket.name + "/" + key);
                if (bucket.remove(key)) {
                    deleted.add(key);
                }
                if (!quiet) {
                    xml.open("Deleted").element("Key", key);
                    if (bucket.versioning) {
                        xml.element("DeleteMarker", true);
                    }
                    xml.close("Deleted");
                }
            } catch (AwsError e) {
                xml.open("Error")
                        .element("Key", key)
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
                !deleted.isEmpty());
    }

    private static AwsError malformed() {
        return new AwsError(
                400,
                "MalformedXML",
                "The XML you provided was not well-formed or did not validate against" + " our published schema");
    }

    /** Parses a request body with DTDs and external entities disabled (no XXE). */
    private static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            var builder = f.newDocumentBuilder();
            // Refused as MalformedXML, not printed on the sandbox's stderr by the parser's own handler.
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return builder.parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw malformed();
        }
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
