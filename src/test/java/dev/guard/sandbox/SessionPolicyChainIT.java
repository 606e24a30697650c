package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.server.Journal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The two rules of AWS's "Session policies" that need a world of their own: a bucket policy that
 * names the session's ARN grants past the session policies while one that names the role is
 * limited by them; and session policies do not carry over to a role assumed from that session,
 * though the AssumeRole call itself is made with the session's own (limited) permissions.
 */
class SessionPolicyChainIT {
    private static final String ACCOUNT = "555555555555";
    private static final String READER = "arn:aws:iam::555555555555:role/Reader";
    private static final String HOPPER = "arn:aws:iam::555555555555:role/Hopper";
    private static final String BUCKET = "nuance-bucket";

    private static final String SEED = """
            apiVersion: guard/v1
            kind: SandboxSeed
            accounts:
              - name: solo
                id: "555555555555"
                users:
                  - name: dana
                    accessKeyId: AKIASANDBOXDANA00001
                    secretAccessKey: SandboxOnlyDanaFakeSecretKeyDoNotUse/000
                    policies:
                      - name: AssumeReader
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - {Effect: Allow, Action: sts:AssumeRole, Resource: "arn:aws:iam::555555555555:role/Reader"}
                roles:
                  - name: Reader
                    trustPolicy:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Principal: {AWS: "arn:aws:iam::555555555555:user/dana"}
                          Action: sts:AssumeRole
                    policies:
                      - name: ReaderPermissions
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - {Sid: Describe, Effect: Allow, Action: "ec2:Describe*", Resource: "*"}
                            - {Sid: Hop, Effect: Allow, Action: sts:AssumeRole, Resource: "arn:aws:iam::555555555555:role/Hopper"}
                  - name: Hopper
                    trustPolicy:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Principal: {AWS: "arn:aws:iam::555555555555:root"}
                          Action: sts:AssumeRole
                    policies:
                      - name: HopperReads
                        document:
                          Version: "2012-10-17"
                          Statement:
                            - {Sid: ReadAll, Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::nuance-bucket/*"}
                buckets:
                  - name: nuance-bucket
                    versioning: false
                    policy:
                      Version: "2012-10-17"
                      Statement:
                        - Sid: RoleReadsRoleFiles
                          Effect: Allow
                          Principal: {AWS: "arn:aws:iam::555555555555:role/Reader"}
                          Action: s3:GetObject
                          Resource: arn:aws:s3:::nuance-bucket/role/*
                        - Sid: SessionReadsSessionFiles
                          Effect: Allow
                          Principal: {AWS: "arn:aws:sts::555555555555:assumed-role/Reader/pinned"}
                          Action: s3:GetObject
                          Resource: arn:aws:s3:::nuance-bucket/session/*
                    objects:
                      role/a.txt: "for the role"
                      session/b.txt: "for the session"
            """;

    private static final String ONLY_DESCRIBE = """
            {"Version": "2012-10-17", "Statement": {"Sid": "Describe", "Effect": "Allow",
             "Action": "ec2:Describe*", "Resource": "*"}}""";

    private final SandboxFixture f;

    SessionPolicyChainIT() throws Exception {
        f = new SandboxFixture(SeedLoader.parse(SEED.getBytes(StandardCharsets.UTF_8), Path.of("chain-seed.yaml"))
                .world()
                .orElseThrow());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private AwsCredentials reader(String policy) {
        return SandboxFixture.session(f.sts(f.keys("dana"))
                .assumeRole(r -> {
                    r.roleArn(READER).roleSessionName("pinned");
                    if (policy != null) {
                        r.policy(policy);
                    }
                })
                .credentials());
    }

    private String read(AwsCredentials credentials, String key) {
        return f.s3(credentials)
                .getObjectAsBytes(r -> r.bucket(BUCKET).key(key))
                .asUtf8String();
    }

    @Test
    void aBucketPolicyNamingTheRoleIsLimitedByTheSessionPolicy() {
        assertThat(read(reader(null), "role/a.txt")).isEqualTo("for the role");

        S3Exception refused = catchThrowableOfType(S3Exception.class, () -> read(reader(ONLY_DESCRIBE), "role/a.txt"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo("User: arn:aws:sts::555555555555:assumed-role/Reader/pinned is not authorized to perform:"
                        + " s3:GetObject on resource: \"arn:aws:s3:::nuance-bucket/role/a.txt\" because no session"
                        + " policy allows the s3:GetObject action");
        List<Journal.Entry> entries = f.sandbox.journal().entries();
        assertThat(entries.get(entries.size() - 1).reason().orElseThrow())
                .contains("bucket-policy#RoleReadsRoleFiles names the role, not the session");
    }

    @Test
    void aBucketPolicyNamingTheSessionGrantsPastTheSessionPolicy() {
        assertThat(read(reader(ONLY_DESCRIBE), "session/b.txt")).isEqualTo("for the session");
        List<Journal.Entry> entries = f.sandbox.journal().entries();
        assertThat(entries.get(entries.size() - 1).decidingStatement())
                .hasValueSatisfying(s -> assertThat(s).endsWith("#SessionReadsSessionFiles"));
    }

    @Test
    void aSessionPolicyThatDoesNotAllowAssumeRoleStopsTheChain() {
        StsException refused = catchThrowableOfType(
                StsException.class,
                () -> f.sts(reader(ONLY_DESCRIBE))
                        .assumeRole(r -> r.roleArn(HOPPER).roleSessionName("hop")));
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo("User: arn:aws:sts::555555555555:assumed-role/Reader/pinned is not authorized to perform:"
                        + " sts:AssumeRole on resource: " + HOPPER
                        + " because no session policy allows the sts:AssumeRole action");
    }

    @Test
    void theChainedSessionHasOnlyWhatItIsGivenNotTheCallersSessionPolicy() {
        String describeAndHop = """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow",
                 "Action": ["ec2:Describe*", "sts:AssumeRole"], "Resource": "*"}}""";
        AwsCredentials limited = reader(describeAndHop);
        assertThat(catchThrowableOfType(S3Exception.class, () -> read(limited, "role/a.txt")))
                .isNotNull();

        var hop = f.sts(limited).assumeRole(r -> r.roleArn(HOPPER).roleSessionName("hop"));
        AwsCredentials hopper = SandboxFixture.session(hop.credentials());
        assertThat(read(hopper, "role/a.txt")).isEqualTo("for the role");
        assertThat(f.sts(hopper).getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/Hopper/hop");
    }
}
