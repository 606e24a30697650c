package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every S3 operation the sandbox models, and how a request is recognised as one: its method, what
 * it names (the service, a bucket, an object), the subresource in its query ({@code ?tagging},
 * {@code ?versions}) and a header that selects it ({@code x-amz-copy-source}). A request that
 * matches no route — another subresource, or a header or parameter that changes what the request
 * does and that its route does not model — is answered as S3 answers what it does not implement,
 * and changes nothing: a rehearsal must never succeed where AWS would do something else.
 */
final class S3Routes {
    /** What a request names: no bucket (ListBuckets), a bucket, or an object. */
    enum Level {
        SERVICE,
        BUCKET,
        OBJECT
    }

    /** Answers one routed request; {@code bucket} is null for routes that do not need an existing bucket. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Call call, S3Target target, ObjectStore.Bucket bucket);
    }

    /**
     * One modelled operation.
     *
     * @param subresource the query key that selects it ("" for none: then no subresource may be present)
     * @param selectingHeader a header that must be present to select it ("" for none)
     * @param parameter a query parameter and value that select it ({@code list-type=2}; "" for none)
     * @param understood the {@link #SEMANTIC_HEADERS} and {@link #SEMANTIC_PARAMETERS} and headers this operation models
     * @param existingBucket whether the bucket must exist before the handler runs (NoSuchBucket otherwise)
     */
    record Route(
            String operation,
            String method,
            Level level,
            String subresource,
            String selectingHeader,
            String parameter,
            Set<String> understood,
            boolean existingBucket,
            Handler handler) {

        static Route of(String operation, String method, Level level, Handler handler) {
            return new Route(operation, method, level, "", "", "", Set.of(), level != Level.SERVICE, handler);
        }

        Route subresource(String key) {
            return new Route(
                    operation, method, level, key, selectingHeader, parameter, understood, existingBucket, handler);
        }

        Route selectedBy(String header) {
            return new Route(
                    operation, method, level, subresource, header, parameter, understood, existingBucket, handler);
        }

        Route withParameter(String name, String value) {
            return new Route(
                    operation,
                    method,
                    level,
                    subresource,
                    selectingHeader,
                    name + "=" + value,
                    understood,
                    existingBucket,
                    handler);
        }

        Route understanding(String... names) {
            return new Route(
                    operation,
                    method,
                    level,
                    subresource,
                    selectingHeader,
                    parameter,
                    Set.of(names),
                    existingBucket,
                    handler);
        }

        Route withoutBucket() {
            return new Route(
                    operation, method, level, subresource, selectingHeader, parameter, understood, false, handler);
        }

        boolean matches(String requestMethod, Level requestLevel, S3Target target, Call call) {
            if (!method.equals(requestMethod) || level != requestLevel) {
                return false;
            }
            boolean subresourceMatches = subresource.isEmpty()
                    ? target.query().keySet().stream().noneMatch(SUBRESOURCES::contains)
                    : target.query().containsKey(subresource);
            return subresourceMatches
                    && (selectingHeader.isEmpty() || call.header(selectingHeader) != null)
                    && (parameter.isEmpty() || parameter.equals(parameterOf(target)));
        }

        private String parameterOf(S3Target target) {
            String name = parameter.substring(0, parameter.indexOf('='));
            return name + "=" + target.query().get(name);
        }
    }

    /**
     * S3's subresources: a query key that turns a request on a bucket or object into another
     * operation (the list AWS's signature version 2 named, and later ones). A request carrying one
     * that no route models is not the plain call it would otherwise look like.
     */
    static final Set<String> SUBRESOURCES = Set.of(
            "abac",
            "accelerate",
            "acl",
            "analytics",
            "attributes",
            "cors",
            "delete",
            "encryption",
            "intelligent-tiering",
            "inventory",
            "legal-hold",
            "lifecycle",
            "location",
            "logging",
            "metadataConfiguration",
            "metadataInventoryTable",
            "metadataJournalTable",
            "metadataTable",
            "metrics",
            "notification",
            "object-lock",
            "ownershipControls",
            "partNumber",
            "policy",
            "policyStatus",
            "publicAccessBlock",
            "renameObject",
            "replication",
            "requestPayment",
            "restore",
            "retention",
            "select",
            "session",
            "tagging",
            "torrent",
            "uploadId",
            "uploads",
            "versioning",
            "versions",
            "website");

    /**
     * Parameters and headers that change what an otherwise plain request does. A route that does
     * not name one in {@link Route#understood} is refused when it is present, rather than
     * silently ignoring it (a conditional write that would have failed, say, or an encryption key).
     */
    static final Set<String> SEMANTIC_HEADERS = Set.of(
            // CopyObject would recompute the copy's checksum with it: only CreateMultipartUpload models it.
            "x-amz-checksum-algorithm",
            // Conditional requests: a write or read that would have failed its precondition.
            "if-match",
            "if-none-match",
            "if-modified-since",
            "if-unmodified-since",
            "x-amz-copy-source",
            "x-amz-copy-source-if-match",
            "x-amz-copy-source-if-none-match",
            "x-amz-copy-source-if-modified-since",
            "x-amz-copy-source-if-unmodified-since",
            "x-amz-copy-source-range",
            "x-amz-source-expected-bucket-owner",
            // Object Lock: retention that would make a later delete fail.
            "x-amz-object-lock-mode",
            "x-amz-object-lock-retain-until-date",
            "x-amz-object-lock-legal-hold",
            "x-amz-bucket-object-lock-enabled",
            "x-amz-object-ownership",
            // SSE-C and SSE-KMS: a key a later read must present, or KMS permissions it needs.
            "x-amz-server-side-encryption-customer-algorithm",
            "x-amz-server-side-encryption-customer-key",
            "x-amz-server-side-encryption-customer-key-md5",
            "x-amz-copy-source-server-side-encryption-customer-algorithm",
            "x-amz-copy-source-server-side-encryption-customer-key",
            "x-amz-copy-source-server-side-encryption-customer-key-md5",
            "x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-server-side-encryption-context",
            "x-amz-server-side-encryption-bucket-key-enabled",
            "x-amz-website-redirect-location",
            "x-amz-write-offset-bytes",
            "x-amz-tagging",
            "x-amz-mfa");

    /**
     * Headers whose value decides whether they change anything: the value S3 applies anyway is
     * accepted (SSE-S3, the STANDARD class, a private ACL, as every new bucket enforces owner-only
     * access), any other is refused like an unmodelled header.
     */
    static final java.util.Map<String, Set<String>> HARMLESS_VALUES = java.util.Map.of(
            "x-amz-server-side-encryption", Set.of("AES256"),
            "x-amz-storage-class", Set.of("STANDARD"),
            "x-amz-acl", Set.of("private", "bucket-owner-full-control"));

    /** ACL grants: a bucket that enforces owner-only access (every new bucket) refuses them. */
    static final Set<String> GRANT_HEADERS = Set.of(
            "x-amz-grant-full-control",
            "x-amz-grant-read",
            "x-amz-grant-read-acp",
            "x-amz-grant-write",
            "x-amz-grant-write-acp");

    /** Query parameters that change what an otherwise plain request does, like {@link #SEMANTIC_HEADERS}. */
    static final Set<String> SEMANTIC_PARAMETERS = Set.of(
            "versionId",
            "response-cache-control",
            "response-content-disposition",
            "response-content-encoding",
            "response-content-language",
            "response-content-type",
            "response-expires");

    /** Honoured on every call on an existing bucket (another owner is refused); elsewhere refused. */
    static final String EXPECTED_OWNER = "x-amz-expected-bucket-owner";

    private final List<Route> routes = new ArrayList<>();

    S3Routes add(Route route) {
        routes.add(route);
        return this;
    }

    S3Routes add(List<Route> more) {
        routes.addAll(more);
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The route for a request, or the error S3 gives for what the sandbox does not model. */
    Route find(Call call, S3Target target) {
        Level level = target.bucket().isEmpty() ? Level.SERVICE : target.key().isEmpty() ? Level.BUCKET : Level.OBJECT;
        Optional<Route> found = routes.stream()
                .filter(r -> r.matches(call.method(), level, target, call))
                .findFirst();
        if (found.isEmpty()) {
            boolean knownMethod = routes.stream()
                    // Only a plain route makes a method known: POST on an object is multipart's alone.
                    .anyMatch(r -> r.level() == level
                            && r.method().equals(call.method())
                            && r.subresource().isEmpty());
            // A method S3 has no object operation for is MethodNotAllowed; one it has (POST ?select,
            // ?restore) that the sandbox does not model is NotImplemented, like any other.
            if (!knownMethod
                    && level == Level.OBJECT
                    && S3OperationNames.of(call, target).isEmpty()) {
                throw new AwsError(
                        405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            }
            throw notImplemented();
        }
        Route route = found.get();
        for (String name : SEMANTIC_HEADERS) {
            if (call.header(name) != null
                    && !route.understood().contains(name)
                    && !name.equals(route.selectingHeader())) {
                throw notImplemented();
            }
        }
        refuseAcls(call, level);
        HARMLESS_VALUES.forEach((name, harmless) -> {
            String value = call.header(name);
            if (value != null && !harmless.contains(value.strip())) {
                throw notImplemented();
            }
        });
        if (call.header(EXPECTED_OWNER) != null && !route.existingBucket()) {
            throw notImplemented();
        }
        for (String name : SEMANTIC_PARAMETERS) {
            if (target.query().containsKey(name) && !route.understood().contains(name)) {
                throw notImplemented();
            }
        }
        return route;
    }

    /**
     * An ACL that grants more than the owner has: every bucket the sandbox holds enforces owner-only
     * access (S3's default since 2023), so S3 refuses it as for such a bucket; nothing is stored.
     */
    private static void refuseAcls(Call call, Level level) {
        String acl = call.header("x-amz-acl");
        boolean grants = acl != null && !HARMLESS_VALUES.get("x-amz-acl").contains(acl.strip())
                || GRANT_HEADERS.stream().anyMatch(name -> call.header(name) != null);
        if (!grants) {
            return;
        }
        if (level == Level.OBJECT) {
            throw new AwsError(400, "AccessControlListNotSupported", "The bucket does not allow ACLs");
        }
        if (level == Level.BUCKET && call.method().equals("PUT")) {
            throw new AwsError(
                    400,
                    "InvalidBucketAclWithObjectOwnership",
                    "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
        }
        throw notImplemented();
    }

    /** The operation a request asks for, as fault rules and the journal name it; "" when none matches. */
    String operation(Call call, S3Target target) {
        try {
            return find(call, target).operation();
        } catch (AwsError e) {
            return "";
        }
    }

    /** S3's answer to functionality it does not implement; never sent after a change. */
    static AwsError notImplemented() {
        return new AwsError(
                501, "NotImplemented", "A header you provided implies functionality that is not implemented", false);
    }
}
