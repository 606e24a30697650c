package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Xml;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A bucket's region, as S3 keeps it: chosen at CreateBucket (its LocationConstraint, which must be
 * the region the request was signed for, except that us-east-1 may create anywhere), answered by
 * HeadBucket ({@code x-amz-bucket-region}) and GetBucketLocation, and enforced on every other call
 * on the bucket: a request signed for another region is refused naming the bucket's.
 */
final class BucketRegions {
    static final String DEFAULT = "us-east-1";
    private static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private final S3Service s3;

    BucketRegions(S3Service s3) {
        this.s3 = s3;
    }

    /** The region a CreateBucket call asks for, or S3's error for a constraint its endpoint refuses. */
    static String forCreate(Call call) {
        String signed = call.region();
        String constraint = constraint(call.payload());
        if (constraint.isEmpty()) {
            if (!signed.equals(DEFAULT)) {
                throw new AwsError(
                        400,
                        "IllegalLocationConstraintException",
                        "The unspecified location constraint is incompatible for the region specific endpoint this"
                                + " request was sent to.");
            }
            return DEFAULT;
        }
        if (constraint.equals(DEFAULT) || !REGION.matcher(constraint).matches()) {
            throw new AwsError(400, "InvalidLocationConstraint", "The specified location-constraint is not valid")
                    .withDetail("LocationConstraint", constraint);
        }
        // us-east-1 (the global endpoint) creates buckets in any region; other regions only in their own.
        if (!signed.equals(DEFAULT) && !signed.equals(constraint)) {
            throw new AwsError(
                    400,
                    "IllegalLocationConstraintException",
                    "The " + constraint + " location constraint is incompatible for the region specific endpoint"
                            + " this request was sent to.");
        }
        return constraint;
    }

    /** The LocationConstraint of a CreateBucketConfiguration body; "" when there is none. */
    private static String constraint(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        Document doc = RequestXml.parse(body);
        Element root = doc.getDocumentElement();
        if (!"CreateBucketConfiguration".equals(root.getLocalName())) {
            throw RequestXml.malformed();
        }
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (n.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            if (!"LocationConstraint".equals(n.getLocalName())) {
                // Bucket (directory buckets) and Location are not modelled: refused, nothing created.
                throw S3Routes.notImplemented();
            }
            return n.getTextContent().strip();
        }
        return "";
    }

    /** A call signed for another region than the bucket's: S3 names the region it expected. */
    static void requireSigningRegion(Call call, ObjectStore.Bucket bucket) {
        if (!call.region().equals(bucket.region())) {
            throw wrongRegion(call.region(), bucket.region());
        }
    }

    static AwsError wrongRegion(String signed, String expected) {
        return new AwsError(
                        400,
                        "AuthorizationHeaderMalformed",
                        "The authorization header is malformed; the region '" + signed + "' is wrong; expecting '"
                                + expected + "'")
                .withDetail("Region", expected)
                // As a header too: a HEAD's answer has no body.
                .withHeader("x-amz-bucket-region", expected);
    }

    Reply head(Call call, ObjectStore.Bucket bucket) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:ListBucket", resource);
        return S3Service.reply(
                200,
                new byte[0],
                Map.of("x-amz-bucket-region", bucket.region(), "x-amz-access-point-alias", "false"),
                "s3:ListBucket",
                resource,
                d,
                false);
    }

    Reply location(Call call, ObjectStore.Bucket bucket) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = s3.authorize(call, bucket, "s3:GetBucketLocation", resource);
        // us-east-1 is the empty constraint, as S3 answers it; a region is plain [a-z0-9-], no escaping.
        String constraint = bucket.region().equals(DEFAULT) ? "" : bucket.region();
        String xml = new Xml().open("LocationConstraint", XMLNS) + constraint + "</LocationConstraint>";
        return S3Service.reply(
                200, xml.getBytes(StandardCharsets.UTF_8), Map.of(), "s3:GetBucketLocation", resource, d, false);
    }
}
