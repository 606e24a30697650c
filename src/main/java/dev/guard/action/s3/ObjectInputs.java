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
        // No lambda: every validate of an S3 step reads this, and on JDK 17 each lambda call site
        // costs ~60 µs to link the first time.
        if (bucket.isPresent()) {
            with.check(
                    bucket.get(),
                    with.child("bucket"),
                    AwsIdentifiers.bucketName(bucket.get().text()));
        }
        return bucket;
    }
}
