package dev.guard.action.s3;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.StepContext;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** What the S3 object operations share: the client, the noun, and S3's strong consistency. */
abstract class ObjectOperation implements Operation {
    final StepContext context;
    final S3Client s3;

    ObjectOperation(StepContext context) {
        this.context = context;
        this.s3 = context.clients().s3(context.credentials(), context.region());
    }

    @Override
    public String noun(int count) {
        return count == 1 ? "object" : "objects";
    }

    /**
     * Objects have no state to drift: a key deleted meanwhile makes its delete a no-op, a key
     * added meanwhile is not among the listed ones and is left alone, and a put replaces whatever
     * is there. Re-listing 10,000 keys would buy nothing.
     */
    @Override
    public boolean rereadBeforeChange() {
        return false;
    }

    @Override
    public List<Outcome> await(List<Outcome> outcomes) {
        return outcomes; // S3 is strongly consistent: a write or delete is visible at once.
    }
}
