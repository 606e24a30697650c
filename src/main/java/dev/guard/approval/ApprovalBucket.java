package dev.guard.approval;

import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.config.ApprovalsStore;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The approvals store as S3 holds it: finding the approvals of one plan digest (any principal the
 * bucket lets read), writing and deleting one's own (only with a fresh MFA session: the bucket
 * policy's rule, not guard's).
 */
public final class ApprovalBucket {
    /** At most this many listing pages (1000 keys each): a store that large wants cleaning first. */
    static final int MAX_PAGES = 100;

    /** At most this many objects named after one digest are read: one per approver is the norm. */
    static final int MAX_CANDIDATES = 200;

    private final AwsClients clients;
    private final Calls calls;
    private final ApprovalsStore store;

    public ApprovalBucket(AwsClients clients, Calls calls, ApprovalsStore store) {
        this.clients = clients;
        this.calls = calls;
        this.store = store;
    }

    public ApprovalsStore store() {
        return store;
    }

    /**
     * Every object under the prefix whose name is {@code <digest hex>.json}, with its body: nested
     * or misnamed keys too, so that a listing can say why they do not count.
     *
     * @throws GuardException exit 4 when the store refuses the reader; 1 when it cannot be reached
     */
    public List<ApprovalRules.Found> find(AwsCredentialsProvider reader, String digest) {
        S3Client s3 = clients.s3(reader, store.region());
        String suffix = "/" + ApprovalRules.hex(digest) + ".json";
        List<String> keys = new ArrayList<>();
        String token = null;
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                String next = token;
                ListObjectsV2Response r = calls.call(
                        "ListObjectsV2",
                        () -> s3.listObjectsV2(b -> b.bucket(store.bucket())
                                .prefix(store.prefix() + "/")
                                .continuationToken(next)));
                r.contents().stream()
                        .map(S3Object::key)
                        .filter(k -> k.endsWith(suffix))
                        .forEach(keys::add);
                if (!Boolean.TRUE.equals(r.isTruncated())) {
                    return read(s3, keys);
                }
                token = r.nextContinuationToken();
            }
        } catch (SdkException e) {
            throw failure(e, "list " + store.describe());
        }
        throw new GuardException(
                ExitCode.ACTION_FAILED,
                store.describe() + " holds more than " + MAX_PAGES * 1000
                        + " objects: remove approvals of expired plans before counting");
    }

    private List<ApprovalRules.Found> read(S3Client s3, List<String> keys) {
        if (keys.size() > MAX_CANDIDATES) {
            throw new GuardException(
                    ExitCode.NOT_APPROVED,
                    keys.size() + " objects in " + store.describe() + " are named after this plan's digest; more"
                            + " than " + MAX_CANDIDATES + " is not a set of approvals guard will read");
        }
        List<ApprovalRules.Found> found = new ArrayList<>();
        for (String key : keys) {
            try {
                ResponseBytes<GetObjectResponse> object = calls.call(
                        "GetObject",
                        () -> s3.getObjectAsBytes(b -> b.bucket(store.bucket()).key(key)));
                found.add(new ApprovalRules.Found(
                        key,
                        Optional.ofNullable(object.response().lastModified()),
                        Optional.of(object.asByteArray()),
                        Optional.empty()));
            } catch (AwsServiceException e) {
                found.add(new ApprovalRules.Found(key, Optional.empty(), Optional.empty(), Optional.of(code(e))));
            }
        }
        return found;
    }

    /** Writes one approval with the approver's fresh MFA session. */
    public void put(AwsCredentialsProvider mfaSession, String key, byte[] body) {
        S3Client s3 = clients.s3(mfaSession, store.region());
        // Once: a retried write could land after the 5-minute MFA window and be refused for it.
        calls.once(
                "PutObject",
                () -> s3.putObject(
                        b -> b.bucket(store.bucket()).key(key).contentType("application/json"),
                        RequestBody.fromBytes(body)));
    }

    /** Deletes one approval with the approver's fresh MFA session. */
    public void delete(AwsCredentialsProvider mfaSession, String key) {
        S3Client s3 = clients.s3(mfaSession, store.region());
        calls.once(
                "DeleteObject",
                () -> s3.deleteObject(b -> b.bucket(store.bucket()).key(key)));
    }

    /** Whether {@code key} exists, as {@code reader} sees it. */
    public boolean exists(AwsCredentialsProvider reader, String key) {
        S3Client s3 = clients.s3(reader, store.region());
        try {
            calls.call(
                    "HeadObject",
                    () -> s3.headObject(b -> b.bucket(store.bucket()).key(key)));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure(e, "read s3://" + store.bucket() + "/" + key);
        } catch (SdkException e) {
            throw failure(e, "read s3://" + store.bucket() + "/" + key);
        }
    }

    static String code(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (code != null) {
            return code;
        }
        // A HEAD answer has no body to carry a code.
        return e.statusCode() == 403 ? "AccessDenied" : e.statusCode() == 404 ? "NotFound" : "HTTP " + e.statusCode();
    }

    private GuardException failure(SdkException e, String what) {
        if (e instanceof AwsServiceException a && a.statusCode() == 403) {
            return new GuardException(
                    ExitCode.AUTH_FAILED,
                    "could not " + what + " (" + code(a) + "): reading approvals needs s3:ListBucket on the bucket"
                            + " and s3:GetObject under " + store.prefix() + "/ (docs/approvals.md)");
        }
        if (e instanceof AwsServiceException a && a.statusCode() == 404) {
            return new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not " + what + " (" + code(a) + "): is approvals.bucket right in the config?");
        }
        return new GuardException(ExitCode.ACTION_FAILED, "could not " + what + ": " + Calls.ioReason(e));
    }
}
