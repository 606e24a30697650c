package dev.guard.action;

import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.runbook.Guards;
import dev.guard.term.Progress;
import java.time.Duration;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * What an {@link Operation} runs with: the clients factory, the step's credentials and region, the
 * retry layer, and a line printer for progress the operator should see while waiting.
 *
 * @param where the account and region in words, for messages: "development (222222222222), us-east-1"
 * @param waitTimeout how long {@code wait: true} waits before reporting the change as still in progress
 * @param pollInterval the first interval between polls while waiting (it grows)
 * @param guards the step's guards, so discovery reads what they check (a table's tags)
 * @param batches where {@link Operation#execute} reports each batch as it completes (the audit log)
 * @param stop the operator's request to stop, checked before each change and while waiting
 * @param board where work under way is shown while it lasts (a wait: {@link Poll#showing})
 */
public record StepContext(
        AwsClients clients,
        AwsCredentialsProvider credentials,
        String region,
        String where,
        Calls calls,
        Consumer<String> progress,
        Duration waitTimeout,
        Duration pollInterval,
        Guards guards,
        BatchOutcomes batches,
        StopSignal stop,
        Progress board) {
    /** The same context, reporting batches to {@code batches}. */
    public StepContext reportingTo(BatchOutcomes batches) {
        return new StepContext(
                clients,
                credentials,
                region,
                where,
                calls,
                progress,
                waitTimeout,
                pollInterval,
                guards,
                batches,
                stop,
                board);
    }
}
