package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.Call;
import java.util.Map;

/**
 * The S3 API operation any request asks for, modelled or not, as S3's API reference names it
 * (method, what it names and its subresource, as botocore's service model routes them): the
 * journal says "s3:PutBucketAcl was refused", not "?". Only names; routing is {@link S3Routes}'.
 */
final class S3OperationNames {
    private S3OperationNames() {}

    /** METHOD subresource → operation, for requests on a bucket. */
    private static final Map<String, String> BUCKET = Map.ofEntries(
            Map.entry("GET abac", "GetBucketAbac"),
            Map.entry("PUT abac", "PutBucketAbac"),
            Map.entry("GET accelerate", "GetBucketAccelerateConfiguration"),
            Map.entry("PUT accelerate", "PutBucketAccelerateConfiguration"),
            Map.entry("GET acl", "GetBucketAcl"),
            Map.entry("PUT acl", "PutBucketAcl"),
            Map.entry("DELETE analytics", "DeleteBucketAnalyticsConfiguration"),
            Map.entry("GET analytics", "GetBucketAnalyticsConfiguration"),
            Map.entry("PUT analytics", "PutBucketAnalyticsConfiguration"),
            Map.entry("DELETE cors", "DeleteBucketCors"),
            Map.entry("GET cors", "GetBucketCors"),
            Map.entry("PUT cors", "PutBucketCors"),
            Map.entry("POST delete", "DeleteObjects"),
            Map.entry("DELETE encryption", "DeleteBucketEncryption"),
            Map.entry("GET encryption", "GetBucketEncryption"),
            Map.entry("PUT encryption", "PutBucketEncryption"),
            Map.entry("DELETE intelligent-tiering", "DeleteBucketIntelligentTieringConfiguration"),
            Map.entry("GET intelligent-tiering", "GetBucketIntelligentTieringConfiguration"),
            Map.entry("PUT intelligent-tiering", "PutBucketIntelligentTieringConfiguration"),
            Map.entry("DELETE inventory", "DeleteBucketInventoryConfiguration"),
            Map.entry("GET inventory", "GetBucketInventoryConfiguration"),
            Map.entry("PUT inventory", "PutBucketInventoryConfiguration"),
            Map.entry("DELETE lifecycle", "DeleteBucketLifecycle"),
            Map.entry("GET lifecycle", "GetBucketLifecycleConfiguration"),
            Map.entry("PUT lifecycle", "PutBucketLifecycleConfiguration"),
            Map.entry("GET location", "GetBucketLocation"),
            Map.entry("GET logging", "GetBucketLogging"),
            Map.entry("PUT logging", "PutBucketLogging"),
            Map.entry("DELETE metadataConfiguration", "DeleteBucketMetadataConfiguration"),
            Map.entry("GET metadataConfiguration", "GetBucketMetadataConfiguration"),
            Map.entry("POST metadataConfiguration", "CreateBucketMetadataConfiguration"),
            Map.entry("DELETE metadataTable", "DeleteBucketMetadataTableConfiguration"),
            Map.entry("GET metadataTable", "GetBucketMetadataTableConfiguration"),
            Map.entry("POST metadataTable", "CreateBucketMetadataTableConfiguration"),
            Map.entry("DELETE metrics", "DeleteBucketMetricsConfiguration"),
            Map.entry("GET metrics", "GetBucketMetricsConfiguration"),
            Map.entry("PUT metrics", "PutBucketMetricsConfiguration"),
            Map.entry("PUT metadataInventoryTable", "UpdateBucketMetadataInventoryTableConfiguration"),
            Map.entry("PUT metadataJournalTable", "UpdateBucketMetadataJournalTableConfiguration"),
            Map.entry("GET notification", "GetBucketNotificationConfiguration"),
            Map.entry("PUT notification", "PutBucketNotificationConfiguration"),
            Map.entry("GET object-lock", "GetObjectLockConfiguration"),
            Map.entry("PUT object-lock", "PutObjectLockConfiguration"),
            Map.entry("DELETE ownershipControls", "DeleteBucketOwnershipControls"),
            Map.entry("GET ownershipControls", "GetBucketOwnershipControls"),
            Map.entry("PUT ownershipControls", "PutBucketOwnershipControls"),
            Map.entry("DELETE policy", "DeleteBucketPolicy"),
            Map.entry("GET policy", "GetBucketPolicy"),
            Map.entry("PUT policy", "PutBucketPolicy"),
            Map.entry("GET policyStatus", "GetBucketPolicyStatus"),
            Map.entry("DELETE publicAccessBlock", "DeletePublicAccessBlock"),
            Map.entry("GET publicAccessBlock", "GetPublicAccessBlock"),
            Map.entry("PUT publicAccessBlock", "PutPublicAccessBlock"),
            Map.entry("DELETE replication", "DeleteBucketReplication"),
            Map.entry("GET replication", "GetBucketReplication"),
            Map.entry("PUT replication", "PutBucketReplication"),
            Map.entry("GET requestPayment", "GetBucketRequestPayment"),
            Map.entry("PUT requestPayment", "PutBucketRequestPayment"),
            Map.entry("GET session", "CreateSession"),
            Map.entry("DELETE tagging", "DeleteBucketTagging"),
            Map.entry("GET tagging", "GetBucketTagging"),
            Map.entry("PUT tagging", "PutBucketTagging"),
            Map.entry("GET uploads", "ListMultipartUploads"),
            Map.entry("GET versioning", "GetBucketVersioning"),
            Map.entry("PUT versioning", "PutBucketVersioning"),
            Map.entry("GET versions", "ListObjectVersions"),
            Map.entry("DELETE website", "DeleteBucketWebsite"),
            Map.entry("GET website", "GetBucketWebsite"),
            Map.entry("PUT website", "PutBucketWebsite"),
            Map.entry("DELETE ", "DeleteBucket"),
            Map.entry("HEAD ", "HeadBucket"),
            Map.entry("PUT ", "CreateBucket"));

    /** Subresources whose GET without an {@code id} lists every configuration. */
    private static final Map<String, String> CONFIGURATION_LISTS = Map.of(
            "analytics", "ListBucketAnalyticsConfigurations",
            "intelligent-tiering", "ListBucketIntelligentTieringConfigurations",
            "inventory", "ListBucketInventoryConfigurations",
            "metrics", "ListBucketMetricsConfigurations");

    /** METHOD subresource → operation, for requests on an object. */
    private static final Map<String, String> OBJECT = Map.ofEntries(
            Map.entry("GET acl", "GetObjectAcl"),
            Map.entry("PUT acl", "PutObjectAcl"),
            Map.entry("GET attributes", "GetObjectAttributes"),
            Map.entry("PUT encryption", "UpdateObjectEncryption"),
            Map.entry("GET legal-hold", "GetObjectLegalHold"),
            Map.entry("PUT legal-hold", "PutObjectLegalHold"),
            Map.entry("PUT renameObject", "RenameObject"),
            Map.entry("POST restore", "RestoreObject"),
            Map.entry("GET retention", "GetObjectRetention"),
            Map.entry("PUT retention", "PutObjectRetention"),
            Map.entry("POST select", "SelectObjectContent"),
            Map.entry("DELETE tagging", "DeleteObjectTagging"),
            Map.entry("GET tagging", "GetObjectTagging"),
            Map.entry("PUT tagging", "PutObjectTagging"),
            Map.entry("GET torrent", "GetObjectTorrent"),
            Map.entry("POST uploads", "CreateMultipartUpload"),
            Map.entry("DELETE uploadId", "AbortMultipartUpload"),
            Map.entry("GET uploadId", "ListParts"),
            Map.entry("POST uploadId", "CompleteMultipartUpload"),
            Map.entry("GET ", "GetObject"),
            Map.entry("HEAD ", "HeadObject"),
            Map.entry("DELETE ", "DeleteObject"));

    /** The operation a request asks for; "" for a request S3 has no operation for (POST to an object, say). */
    static String of(Call call, S3Target target) {
        String method = call.method();
        if (target.bucket().isEmpty()) {
            return method.equals("GET") ? "ListBuckets" : "";
        }
        String sub = S3Routes.SUBRESOURCES.stream()
                .filter(target.query()::containsKey)
                .sorted()
                .findFirst()
                .orElse("");
        if (target.key().isEmpty()) {
            if (method.equals("GET") && sub.isEmpty()) {
                return "2".equals(target.query().get("list-type")) ? "ListObjectsV2" : "ListObjects";
            }
            String named = BUCKET.getOrDefault(method + " " + sub, "");
            // Without an id, a GET of these configurations lists them all.
            if (method.equals("GET")
                    && CONFIGURATION_LISTS.containsKey(sub)
                    && !target.query().containsKey("id")) {
                return CONFIGURATION_LISTS.get(sub);
            }
            return named;
        }
        if (method.equals("PUT") && (sub.isEmpty() || sub.equals("partNumber") || sub.equals("uploadId"))) {
            return put(call, target);
        }
        return OBJECT.getOrDefault(method + " " + (sub.equals("partNumber") ? "" : sub), "");
    }

    /** PUT on an object: a write, a copy, or a part of a multipart upload (by copy or by body). */
    private static String put(Call call, S3Target target) {
        boolean copy = call.header("x-amz-copy-source") != null;
        if (target.query().containsKey("uploadId")) {
            return copy ? "UploadPartCopy" : "UploadPart";
        }
        return copy ? "CopyObject" : "PutObject";
    }
}
