package dev.guard.action.s3;

import dev.guard.runbook.AwsIdentifiers;
import dev.guard.yaml.Fields;
import dev.guard.yaml.Scalar;
import java.util.Optional;

/** Reading shared by the S3 object actions. */
final class ObjectInputs {
    private ObjectInputs() {}

    static Optional<Scalar> bucket(Fields with) {
        Optional<Scalar> bucket = with.string("bucket", true);
        bucket.ifPresent(b -> with.check(b, with.child("bucket"), AwsIdentifiers::bucketName));
        return bucket;
    }
}
