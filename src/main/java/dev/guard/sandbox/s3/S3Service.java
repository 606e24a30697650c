package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.PolicyEvaluator;
import dev.guard.sandbox.iam.RequestContext;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Service;
import dev.guard.sandbox.server.Xml;
import dev.guard.sandbox.sigv4.Reason;
import dev.guard.sandbox.state.MfaDevices;
import dev.guard.sandbox.sts.ConditionKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * S3 objects over REST-XML, path-style ({@code /bucket/key}) and virtual-hosted-style ({@code
 * bucket.localhost}). Every request is authorized like AWS does: the caller's identity policies
 * and the bucket policy, both required across accounts, an explicit deny anywhere winning — so a
 * bucket policy that demands MFA refuses role-session credentials.
 */
public final class S3Service implements Service {
    private final ObjectStore store;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final BucketOperations buckets;
    private final Listings listings;
    private final S3Routes routes;
    private final ObjectTagging tagging;
    private final CopyObject copies;
    private final BucketRegions regions;
    private final MfaDelete mfaDelete;
    private final MultipartUploads multipart;
    private final MultipartCompletion completion;
    private final MultipartListings multipartListings;

    /** S3 without MFA devices: MFA Delete can never be satisfied. */
    public S3Service(ObjectStore store) {
        this(store, Optional.empty());
    }

    /** S3 checking MFA Delete's {@code x-amz-mfa} codes against {@code devices}. */
    public S3Service(ObjectStore store, MfaDevices devices) {
        this(store, Optional.of(devices));
    }

    private S3Service(ObjectStore store, Optional<MfaDevices> devices) {
        this.store = store;
        this.mfaDelete = new MfaDelete(devices);
        this.buckets = new BucketOperations(this, store);
        this.listings = new Listings(this, store);
        this.tagging = new ObjectTagging(this);
        this.copies = new CopyObject(this, store);
        this.regions = new BucketRegions(this);
        this.multipart = new MultipartUploads(this, store.uploads());
        this.completion = new MultipartCompletion(this, multipart, store.uploads());
        this.multipartListings = new MultipartListings(this, multipart, store.uploads());
        this.routes = routes();
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public AwsError authenticationError(Reason reason, String message) {
        return switch (reason) {
            case MISSING_AUTHENTICATION -> new AwsError(403, "AccessDenied", "Access Denied");
            case INCOMPLETE_SIGNATURE -> new AwsError(400, "AuthorizationHeaderMalformed", message);
            case UNKNOWN_REGION -> wrongRegion(message);
            case MISSING_CONTENT_SHA256 -> new AwsError(400, "InvalidRequest", message);
            case HEADERS_NOT_SIGNED ->
                new AwsError(403, "AccessDenied", "There were headers present in the request which were not signed")
                        .withDetail("HeadersNotSigned", message.substring(message.lastIndexOf(": ") + 2));
            case UNKNOWN_ACCESS_KEY ->
                new AwsError(
                        403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
            case CONTENT_SHA256_MISMATCH -> contentSha256Mismatch(message);
            case SIGNATURE_MISMATCH ->
                new AwsError(
                        403,
                        "SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided. Check your key and"
                                + " signing method.");
            case MISSING_SECURITY_TOKEN, INVALID_SECURITY_TOKEN ->
                new AwsError(400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
            case EXPIRED_TOKEN -> new AwsError(400, "ExpiredToken", "The provided token has expired.");
            case REQUEST_TIME_SKEWED -> tooSkewed(message);
            case PRESIGNED_URL_EXPIRED -> new AwsError(403, "AccessDenied", "Request has expired");
        };
    }

    /**
     * S3's own answer to a request outside the 15-minute window names both times and the window:
     * {@code <RequestTime>20190726T221748Z</RequestTime><ServerTime>2019-07-26T22:33:27Z</ServerTime>
     * <MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>}, read here from the
     * verifier's sentence ("Signature expired: REQUEST is now earlier than ... (SERVER - 15 min.)").
     */
    private static AwsError tooSkewed(String message) {
        String[] words = message.split(" ");
        String requestTime = "";
        String serverTime = "";
        for (int i = 0; i < words.length; i++) {
            if (words[i].endsWith(":") && i + 1 < words.length && requestTime.isEmpty()) {
                requestTime = words[i + 1];
            }
            if (words[i].startsWith("(") && words[i].length() == 17) {
                String t = words[i].substring(1);
                serverTime = t.substring(0, 4) + "-" + t.substring(4, 6) + "-" + t.substring(6, 11) + ":"
                        + t.substring(11, 13) + ":" + t.substring(13);
            }
        }
        return new AwsError(
                        403,
                        "RequestTimeTooSkewed",
                        "The difference between the request time and the current time is too large.")
                .withDetail("RequestTime", requestTime)
                .withDetail("ServerTime", serverTime)
                .withDetail("MaxAllowedSkewMilliseconds", "900000");
    }

    /** S3 names the region it expected; the sandbox's buckets all answer as us-east-1. */
    private static AwsError wrongRegion(String message) {
        int open = message.indexOf('\'');
        String region = message.substring(open + 1, message.indexOf('\'', open + 1));
        return new AwsError(
                        400,
                        "AuthorizationHeaderMalformed",
                        "The authorization header is malformed; the region '" + region
                                + "' is wrong; expecting 'us-east-1'")
                .withDetail("Region", "us-east-1");
    }

    /** S3 names both hashes; the verifier's message ends with them (declared, then computed). */
    private static AwsError contentSha256Mismatch(String message) {
        String[] words = message.split(" ");
        return new AwsError(
                        400,
                        "XAmzContentSHA256Mismatch",
                        "The provided 'x-amz-content-sha256' header does not match what was computed.")
                .withDetail("ClientComputedContentSHA256", words[words.length - 2])
                .withDetail("S3ComputedContentSHA256", words[words.length - 1]);
    }

    @Override
    public Reply render(AwsError error, String requestId, String action) {
        Xml xml = new Xml().open("Error").element("Code", error.code()).element("Message", error.getMessage());
        // AWS names what was missing: <Key> in NoSuchKey, <BucketName> in NoSuchBucket.
        error.details().forEach(xml::element);
        String body = xml.element("RequestId", requestId)
                .element("HostId", requestId)
                .close("Error")
                .toString();
        return new Reply(
                error.status(),
                "application/xml",
                body.getBytes(StandardCharsets.UTF_8),
                error.headers(),
                action,
                "*",
                Optional.empty(),
                false);
    }

    @Override
    public AwsError throttlingError() {
        return new AwsError(503, "SlowDown", "Please reduce your request rate.", false);
    }

    @Override
    public String operation(Call call) {
        S3Target target = S3Target.of(call);
        String routed = routes.operation(call, target);
        // An unmodelled request is still named, so its refusal is journalled as what it asked for.
        return routed.isEmpty() ? S3OperationNames.of(call, target) : routed;
    }

    @Override
    public List<String> modelledOperations() {
        return routes.routes().stream()
                .map(S3Routes.Route::operation)
                .distinct()
                .toList();
    }

    /** The bucket or object a request names, as an ARN. */
    @Override
    public String resource(Call call) {
        S3Target target = S3Target.of(call);
        if (target.bucket().isEmpty()) {
            return "*";
        }
        return "arn:aws:s3:::" + target.bucket() + (target.key().isEmpty() ? "" : "/" + target.key());
    }

    /** The operations this service models, in the order requests are matched against them. */
    private S3Routes routes() {
        S3Routes.Level service = S3Routes.Level.SERVICE;
        S3Routes.Level bucket = S3Routes.Level.BUCKET;
        S3Routes.Level object = S3Routes.Level.OBJECT;
        return new S3Routes()
                .add(S3Routes.Route.of("ListBuckets", "GET", service, (c, t, b) -> {
                    refuseBucketPaging(t);
                    // ListBuckets is authorized like every call: s3:ListAllMyBuckets, which names no resource.
                    authorizeIdentity(c, "s3:ListAllMyBuckets", "*");
                    return listings.buckets(c);
                }))
                .add(S3Routes.Route.of("CreateBucket", "PUT", bucket, (c, t, b) -> buckets.createBucket(c, t.bucket()))
                        .withoutBucket())
                .add(S3Routes.Route.of("HeadBucket", "HEAD", bucket, (c, t, b) -> regions.head(c, b)))
                .add(S3Routes.Route.of("GetBucketLocation", "GET", bucket, (c, t, b) -> regions.location(c, b))
                        .subresource("location"))
                .add(S3Routes.Route.of("GetBucketPolicy", "GET", bucket, (c, t, b) -> getBucketPolicy(c, b))
                        .subresource("policy"))
                .add(S3Routes.Route.of("PutBucketPolicy", "PUT", bucket, (c, t, b) -> buckets.putPolicy(c, b))
                        .subresource("policy"))
                .add(S3Routes.Route.of("GetBucketVersioning", "GET", bucket, (c, t, b) -> buckets.getVersioning(c, b))
                        .subresource("versioning"))
                .add(S3Routes.Route.of("PutBucketVersioning", "PUT", bucket, (c, t, b) -> buckets.putVersioning(c, b))
                        .subresource("versioning")
                        .understanding("x-amz-mfa"))
                .add(S3Routes.Route.of("DeleteObjects", "POST", bucket, (c, t, b) -> buckets.deleteObjects(c, b))
                        .subresource("delete")
                        .understanding("x-amz-mfa"))
                .add(S3Routes.Route.of(
                                "ListObjectVersions", "GET", bucket, (c, t, b) -> VersionListing.list(this, c, b, t))
                        .subresource("versions"))
                .add(S3Routes.Route.of("ListObjectsV2", "GET", bucket, (c, t, b) -> listings.objects(c, b, t))
                        .withParameter("list-type", "2"))
                .add(S3Routes.Route.of("ListObjects", "GET", bucket, (c, t, b) -> listings.objectsV1(c, b, t)))
                .add(S3Routes.Route.of("GetObjectTagging", "GET", object, (c, t, b) -> tagging.get(c, b, t))
                        .subresource("tagging")
                        .understanding("versionId"))
                .add(S3Routes.Route.of("PutObjectTagging", "PUT", object, (c, t, b) -> tagging.put(c, b, t))
                        .subresource("tagging")
                        .understanding("versionId"))
                .add(S3Routes.Route.of("DeleteObjectTagging", "DELETE", object, (c, t, b) -> tagging.delete(c, b, t))
                        .subresource("tagging")
                        .understanding("versionId"))
                .add(S3Routes.Route.of("CopyObject", "PUT", object, (c, t, b) -> copies.copy(c, b, t.key()))
                        .selectedBy(CopyObject.SOURCE)
                        .understanding("x-amz-tagging", "x-amz-source-expected-bucket-owner"))
                .add(S3Routes.Route.of("PutObject", "PUT", object, (c, t, b) -> put(c, b, t.key()))
                        .understanding("x-amz-tagging"))
                .add(S3Routes.Route.of("GetObject", "GET", object, (c, t, b) -> get(c, b, t, false))
                        .understanding(conditional("versionId")))
                .add(S3Routes.Route.of("HeadObject", "HEAD", object, (c, t, b) -> get(c, b, t, true))
                        .understanding(conditional("versionId")))
                .add(S3Routes.Route.of("DeleteObject", "DELETE", object, (c, t, b) -> delete(c, b, t))
                        .understanding("versionId", "x-amz-mfa"))
                .add(multipartRoutes());
    }

    /** ListBuckets' filters and paging, which the sandbox does not model. */
    private static final List<String> BUCKET_PAGING =
            List.of("prefix", "max-buckets", "continuation-token", "bucket-region");

    /** A ListBuckets that filters or pages is refused (501), never answered with every bucket. */
    private static void refuseBucketPaging(S3Target t) {
        if (BUCKET_PAGING.stream().anyMatch(t.query()::containsKey)) {
            throw S3Routes.notImplemented();
        }
    }

    /** The conditional headers (If-Match, ...) and {@code more}. */
    private static String[] conditional(String... more) {
        return java.util.stream.Stream.concat(
                        java.util.Arrays.stream(Preconditions.HEADERS), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    /** Multipart upload: a bucket's uploads in progress, and one upload's life on its object. */
    private List<S3Routes.Route> multipartRoutes() {
        S3Routes.Level object = S3Routes.Level.OBJECT;
        return List.of(
                S3Routes.Route.of(
                                "ListMultipartUploads",
                                "GET",
                                S3Routes.Level.BUCKET,
                                (c, t, b) -> multipartListings.uploads(c, b, t))
                        .subresource("uploads"),
                S3Routes.Route.of("CreateMultipartUpload", "POST", object, (c, t, b) -> multipart.create(c, b, t.key()))
                        .subresource("uploads")
                        .understanding("x-amz-tagging", "x-amz-checksum-algorithm"),
                S3Routes.Route.of("UploadPart", "PUT", object, (c, t, b) -> multipart.uploadPart(c, b, t))
                        .subresource("uploadId"),
                S3Routes.Route.of("CompleteMultipartUpload", "POST", object, (c, t, b) -> completion.complete(c, b, t))
                        .subresource("uploadId"),
                S3Routes.Route.of("AbortMultipartUpload", "DELETE", object, (c, t, b) -> multipart.abort(c, b, t))
                        .subresource("uploadId"),
                S3Routes.Route.of("ListParts", "GET", object, (c, t, b) -> multipartListings.parts(c, b, t))
                        .subresource("uploadId"));
    }

    @Override
    public Reply handle(Call call) {
        S3Target t = S3Target.of(call);
        S3Routes.Route route = routes.find(call, t);
        ObjectStore.Bucket bucket = null;
        if (route.existingBucket()) {
            bucket = store.bucket(t.bucket())
                    .orElseThrow(() -> new AwsError(404, "NoSuchBucket", "The specified bucket does not exist")
                            .withDetail("BucketName", t.bucket()));
            // GetBucketLocation is how a client finds the region: us-east-1 may ask for any bucket.
            boolean locating = route.operation().equals("GetBucketLocation")
                    && call.region().equals(BucketRegions.DEFAULT);
            if (!locating) {
                BucketRegions.requireSigningRegion(call, bucket);
            }
            String expectedOwner = call.header(S3Routes.EXPECTED_OWNER);
            if (expectedOwner != null && !expectedOwner.strip().equals(bucket.accountId)) {
                throw new AwsError(403, "AccessDenied", "Access Denied")
                        .refusedBecause("x-amz-expected-bucket-owner is not the bucket's owner");
            }
        }
        return route.handler().handle(call, t, bucket);
    }

    MfaDelete mfaDelete() {
        return mfaDelete;
    }

    /** A call on a bucket: identity policies and the bucket policy, as AWS combines them. */
    Decision authorize(Call call, ObjectStore.Bucket bucket, String action, String resource) {
        Decision d = evaluate(call, bucket, action, resource);
        if (!d.allowed()) {
            throw denied(call, d, action, resource);
        }
        return d;
    }

    /** The decision on {@code action}, journalled like every evaluation, without refusing the call. */
    Decision evaluate(Call call, ObjectStore.Bucket bucket, String action, String resource) {
        Decision d = decide(call, bucket, action, resource);
        call.evaluated(action, resource, d);
        return d;
    }

    /** The decision on {@code action}, not journalled. */
    /**
     * One item of a batch that names its version (DeleteObjects): authorized with that item's
     * {@code s3:VersionId}, as S3 evaluates each item as its own DeleteObjectVersion.
     */
    Decision authorizeVersion(Call call, ObjectStore.Bucket bucket, String action, String resource, String versionId) {
        Decision d = decide(call, bucket, action, resource, Optional.of(versionId));
        call.evaluated(action, resource, d);
        if (!d.allowed()) {
            throw denied(call, d, action, resource);
        }
        return d;
    }

    private Decision decide(Call call, ObjectStore.Bucket bucket, String action, String resource) {
        return decide(call, bucket, action, resource, Optional.empty());
    }

    private Decision decide(
            Call call, ObjectStore.Bucket bucket, String action, String resource, Optional<String> versionId) {
        RequestContext context = context(call, Optional.of(bucket), action, resource, versionId);
        return evaluator.authorize(
                call.caller().identityPolicies(),
                call.caller().sessionPolicies(),
                bucket.policy,
                bucket.accountId,
                context);
    }

    /**
     * A read of a key or version that is not there: S3 says so (404) only to a caller that may
     * list the bucket; to anyone else it is 403 AccessDenied, so absence is not disclosed (GetObject
     * API reference, "Permissions").
     */
    private ObjectStore.Version readable(Call call, ObjectStore.Bucket bucket, String key, Optional<String> versionId) {
        try {
            return Versions.read(bucket, key, versionId, call.method());
        } catch (AwsError missing) {
            String bucketArn = "arn:aws:s3:::" + bucket.name;
            // Allowed, the answer is the read's own NoSuchKey (journalled as the read); denied, the
            // journal names the s3:ListBucket that was missing.
            Decision list = missing.status() == 404 ? decide(call, bucket, "s3:ListBucket", bucketArn) : null;
            if (list != null && !list.allowed()) {
                call.evaluated("s3:ListBucket", bucketArn, list);
                throw denied(call, list, "s3:ListBucket", bucketArn);
            }
            throw missing;
        }
    }

    /** A call before there is a bucket (CreateBucket): identity policies alone. */
    Decision authorizeIdentity(Call call, String action, String resource) {
        RequestContext context = context(call, Optional.empty(), action, resource);
        Decision d = evaluator.identity(
                call.caller().identityPolicies(), call.caller().sessionPolicies(), context);
        call.evaluated(action, resource, d);
        if (!d.allowed()) {
            throw denied(call, d, action, resource);
        }
        return d;
    }

    /** The request as policies see it: the global condition keys and S3's own for this action. */
    private static RequestContext context(
            Call call, Optional<ObjectStore.Bucket> bucket, String action, String resource) {
        return context(call, bucket, action, resource, Optional.empty());
    }

    private static RequestContext context(
            Call call,
            Optional<ObjectStore.Bucket> bucket,
            String action,
            String resource,
            Optional<String> versionId) {
        Map<String, List<String>> keys = ConditionKeys.of(call);
        keys.putAll(S3ConditionKeys.of(call, bucket, action, resource, versionId));
        return new RequestContext(call.caller().principal(), action, resource, keys);
    }

    /** S3's AccessDenied: "Access Denied", or for a session policy's denial AWS's sentence naming it. */
    private static AwsError denied(Call call, Decision d, String action, String resource) {
        String message = d.deniedBySessionPolicy()
                ? d.notAuthorized(call.caller().principal().arn(), action, "\"" + resource + "\"")
                : "Access Denied";
        return new AwsError(403, "AccessDenied", message).because(d.decidingStatement(), d.explanation());
    }

    private Reply put(Call call, ObjectStore.Bucket bucket, String key) {
        String resource = objectArn(bucket, key);
        Decision d = authorize(call, bucket, "s3:PutObject", resource);
        String tagging = call.header("x-amz-tagging");
        Map<String, String> tags = tagging == null ? Map.of() : TagSet.fromHeader(tagging);
        if (tagging != null) {
            // Tags on upload need their own permission too, as S3 requires.
            authorize(call, bucket, "s3:PutObjectTagging", resource);
        }
        Map<String, String> metadata = UserMetadata.of(call);
        ContentMd5.check(call);
        String type = Optional.ofNullable(call.header("content-type")).orElse("binary/octet-stream");
        Optional<ObjectChecksum> checksum = ObjectChecksum.of(call);
        ObjectStore.StoredObject plain = ObjectStore.object(call.payload(), type, call.now(), checksum);
        ObjectStore.StoredObject object = new ObjectStore.StoredObject(
                plain.body(),
                plain.etag(),
                type,
                plain.lastModified(),
                checksum,
                metadata,
                tags,
                ContentHeaders.of(call));
        ObjectStore.Version stored = bucket.put(key, object);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ETag", object.etag());
        Versions.header(headers, bucket, stored);
        checksum.ifPresent(c -> headers.put(c.header(), c.value()));
        return reply(200, new byte[0], headers, "s3:PutObject", resource, d, true);
    }

    private Reply get(Call call, ObjectStore.Bucket bucket, S3Target t, boolean head) {
        String key = t.key();
        String resource = "arn:aws:s3:::" + bucket.name + "/" + key;
        Optional<String> versionId = Versions.requested(t);
        // Reading a named version is its own permission, as on AWS.
        String action = versionId.isPresent() ? "s3:GetObjectVersion" : "s3:GetObject";
        Decision d = authorize(call, bucket, action, resource);
        ObjectStore.Version version = readable(call, bucket, key, versionId);
        ObjectStore.StoredObject object = version.object().orElseThrow();
        if (Preconditions.check(call, object.etag(), object.lastModified()).isPresent()) {
            Map<String, String> unchanged =
                    Map.of("ETag", object.etag(), "Last-Modified", Timestamps.http(object.lastModified()));
            return new Reply(
                    304, object.contentType(), new byte[0], unchanged, action, resource, d.decidingStatement(), false);
        }
        Optional<ByteRange> range = ByteRange.of(call.header("range"), object.body().length);
        byte[] body = range.map(r -> Arrays.copyOfRange(object.body(), r.first(), r.last() + 1))
                .orElse(object.body());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept-Ranges", "bytes");
        headers.put("ETag", object.etag());
        headers.put("Last-Modified", Timestamps.http(object.lastModified()));
        headers.put("Content-Type", object.contentType());
        ContentHeaders.addHeaders(headers, object.contentHeaders());
        UserMetadata.addHeaders(headers, object.metadata());
        if (!object.tags().isEmpty()) {
            headers.put("x-amz-tagging-count", Integer.toString(object.tags().size()));
        }
        Versions.header(headers, bucket, version);
        range.ifPresent(r -> headers.put("Content-Range", r.contentRange()));
        // The checksum is answered only when asked for, and only for the whole object, as S3 does.
        if ("ENABLED".equalsIgnoreCase(call.header("x-amz-checksum-mode")) && range.isEmpty()) {
            object.checksum().ifPresent(c -> {
                headers.put(c.header(), c.value());
                headers.put("x-amz-checksum-type", c.type());
            });
        }
        if (head) {
            headers.put("Content-Length", Integer.toString(body.length));
        }
        return new Reply(
                range.isPresent() ? 206 : 200,
                object.contentType(),
                head ? new byte[0] : body,
                headers,
                action,
                resource,
                d.decidingStatement(),
                false);
    }

    private Reply delete(Call call, ObjectStore.Bucket bucket, S3Target t) {
        String key = t.key();
        String resource = "arn:aws:s3:::" + bucket.name + "/" + key;
        Optional<String> versionId = Versions.requested(t);
        Map<String, String> headers = new LinkedHashMap<>();
        if (versionId.isPresent()) {
            // A permanent delete of one version (or delete marker): its own permission, and MFA Delete's.
            Decision d = authorize(call, bucket, "s3:DeleteObjectVersion", resource);
            mfaDelete.requireForVersionDelete(call, bucket);
            Optional<ObjectStore.Version> removed = bucket.deleteVersion(key, versionId.get());
            if (removed.isPresent() && removed.get().deleteMarker()) {
                headers.put("x-amz-delete-marker", "true");
            }
            headers.put("x-amz-version-id", versionId.get());
            boolean codeUsed = bucket.mfaDelete();
            return reply(
                    204, new byte[0], headers, "s3:DeleteObjectVersion", resource, d, removed.isPresent() || codeUsed);
        }
        Decision d = authorize(call, bucket, "s3:DeleteObject", resource);
        boolean existed = bucket.objects.containsKey(key);
        // Versioned or suspended, a delete leaves a delete marker (even for a key that never existed).
        Optional<ObjectStore.Version> marker = bucket.delete(key, call.now());
        marker.ifPresent(m -> {
            headers.put("x-amz-delete-marker", "true");
            headers.put("x-amz-version-id", m.versionId());
        });
        return reply(204, new byte[0], headers, "s3:DeleteObject", resource, d, existed || marker.isPresent());
    }

    private Reply getBucketPolicy(Call call, ObjectStore.Bucket bucket) {
        String resource = "arn:aws:s3:::" + bucket.name;
        Decision d = authorize(call, bucket, "s3:GetBucketPolicy", resource);
        var policy = bucket.policy.orElseThrow(
                () -> new AwsError(404, "NoSuchBucketPolicy", "The bucket policy does not exist"));
        return new Reply(
                200,
                "application/json",
                policy.document().json().getBytes(StandardCharsets.UTF_8),
                Map.of(),
                "s3:GetBucketPolicy",
                resource,
                d.decidingStatement(),
                false);
    }

    static String objectArn(ObjectStore.Bucket bucket, String key) {
        return "arn:aws:s3:::" + bucket.name + "/" + key;
    }

    static Reply reply(
            int status,
            byte[] body,
            Map<String, String> headers,
            String action,
            String resource,
            Decision d,
            boolean mutated) {
        return new Reply(status, "application/xml", body, headers, action, resource, d.decidingStatement(), mutated);
    }
}
