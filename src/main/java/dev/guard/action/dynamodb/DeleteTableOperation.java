package dev.guard.action.dynamodb;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.Poll;
import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.Target;
import dev.guard.aws.Calls;
import dev.guard.error.ExitCode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * DeleteTable at run time: the table is read with DescribeTable (and its tags, when the step's
 * guards refuse tags), deletion protection makes guard refuse rather than fail, an on-demand
 * backup is taken and waited for until AVAILABLE before the delete when the step asks for one.
 * DynamoDB has no DryRun flag: a dry run reads the table and says so.
 */
final class DeleteTableOperation implements Operation {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final DeleteTable.Inputs inputs;
    private final StepContext context;
    private final boolean readTags;
    private final DynamoDbClient dynamo;

    DeleteTableOperation(DeleteTable.Inputs inputs, StepContext context) {
        this.inputs = inputs;
        this.context = context;
        this.readTags = !context.guards().refuseTags().isEmpty();
        this.dynamo = context.clients().dynamoDb(context.credentials(), context.region());
    }

    @Override
    public String noun(int count) {
        return count == 1 ? "table" : "tables";
    }

    @Override
    public String verb() {
        return "delete";
    }

    @Override
    public List<Target> discover() {
        TableDescription t;
        try {
            t = context.calls()
                    .call(
                            "DescribeTable",
                            () -> dynamo.describeTable(b -> b.tableName(inputs.tableName()))
                                    .table());
        } catch (ResourceNotFoundException e) {
            throw new StepFailure(
                    ExitCode.INVALID_INPUT,
                    "table " + inputs.tableName() + " does not exist in " + context.where()
                            + " (if an earlier run deleted it, there is nothing left to do)");
        } catch (SdkException e) {
            throw new StepFailure(
                    "could not read table " + inputs.tableName() + " in " + context.where() + ": " + message(e));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (readTags) {
            try {
                context.calls()
                        .call("ListTagsOfResource", () -> dynamo.listTagsOfResource(b -> b.resourceArn(t.tableArn())))
                        .tags()
                        .forEach(tag -> tags.put(tag.key(), tag.value()));
            } catch (SdkException e) {
                // Unread tags cannot be checked against guards.refuseTags: refuse rather than guess.
                throw new StepFailure("could not read the tags of table " + inputs.tableName()
                        + " to check guards.refuseTags: " + message(e) + "; nothing was changed");
            }
        }
        List<String> notes = new ArrayList<>();
        Optional.ofNullable(t.itemCount()).ifPresent(n -> notes.add(n + " items"));
        Optional.ofNullable(t.tableSizeBytes()).ifPresent(n -> notes.add(n + " bytes"));
        Optional<String> protection = Boolean.TRUE.equals(t.deletionProtectionEnabled())
                ? Optional.of("deletion protection is on")
                : Optional.empty();
        return List.of(new Target(
                t.tableName(), Optional.of(t.tableStatusAsString()), tags, notes, protection, fingerprint(t)));
    }

    /**
     * What identifies the table beyond its status and tags, for saved plans: a table deleted and
     * created again under the same name has a new creation time. The item count changes all the
     * time and is not part of it.
     */
    static Map<String, String> fingerprint(TableDescription t) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("tableArn", String.valueOf(t.tableArn()));
        f.put(
                "creationTime",
                t.creationDateTime() == null ? "unknown" : t.creationDateTime().toString());
        f.put("status", t.tableStatusAsString());
        f.put("deletionProtection", String.valueOf(Boolean.TRUE.equals(t.deletionProtectionEnabled())));
        return f;
    }

    @Override
    public DryRunAnswer dryRun(List<Target> targets) {
        return DryRunAnswer.unchecked(
                "DynamoDB has no dry-run flag: table " + inputs.tableName() + " exists and could be read; permission to"
                        + (inputs.backup() ? " back it up and" : "") + " delete it is not checked");
    }

    @Override
    public List<Outcome> execute(List<Target> targets) {
        Target t = targets.get(0);
        String backup = "";
        if (inputs.backup()) {
            try {
                backup = backUp(t.id());
            } catch (SdkException | StepFailure e) {
                return List.of(Outcome.failed(t.id(), "backup failed, table not deleted: " + message(e)));
            }
        }
        String taken = backup.isEmpty() ? "" : "; backup " + backup;
        try {
            Calls.Changed<String> status = context.calls()
                    .change(
                            "DeleteTable",
                            () -> dynamo.deleteTable(b -> b.tableName(t.id()))
                                    .tableDescription()
                                    .tableStatusAsString());
            return List.of(Outcome.done(
                    t.id(),
                    t.state().orElse("?") + " → " + status.value()
                            + (status.afterUnknown() ? " (retried after an attempt whose outcome was unknown)" : "")
                            + taken));
        } catch (Calls.ChangeFailed f) {
            SdkException e = f.failure();
            if (e instanceof ResourceNotFoundException) {
                // Gone is what a delete wants: after a lost answer it is that attempt's work.
                return List.of(
                        f.outcomeUnknown()
                                ? Outcome.done(
                                        t.id(),
                                        t.state().orElse("?") + " → deleted (the answer was lost; the retry found"
                                                + " the table gone)" + taken)
                                : Outcome.skipped(t.id(), "already gone when guard came to delete it" + taken));
            }
            if (f.outcomeUnknown()) {
                return List.of(reconcile(t, message(e), taken));
            }
            return List.of(Outcome.failed(
                    t.id(),
                    "not deleted: " + message(e) + (backup.isEmpty() ? "" : " (backup " + backup + " was taken)")));
        }
    }

    /** The table read again after a DeleteTable whose answer never came (DESIGN.md §4). */
    private Outcome reconcile(Target t, String why, String taken) {
        String now;
        try {
            now = context.calls()
                    .call("DescribeTable", () -> dynamo.describeTable(b -> b.tableName(t.id())))
                    .table()
                    .tableStatusAsString();
        } catch (ResourceNotFoundException e) {
            now = "deleted";
        } catch (SdkException e) {
            return Outcome.failed(
                    t.id(),
                    "outcome unknown: " + why + "; reading the table again failed too (" + message(e)
                            + "): check it before running again" + taken);
        }
        if (now.equals("deleted") || now.equals("DELETING")) {
            return Outcome.done(
                    t.id(),
                    t.state().orElse("?") + " → " + now + " (the answer was lost: " + why + "; read again)" + taken);
        }
        return Outcome.failed(
                t.id(),
                "outcome unknown: " + why + "; read again the table is " + now
                        + " — the request may still take effect: run again to converge" + taken);
    }

    @Override
    public java.util.Optional<String> alreadyDone(Target target) {
        return target.state().filter("DELETING"::equals).map(s -> "already being deleted (DELETING)");
    }

    /** Takes an on-demand backup and waits until it is AVAILABLE; returns its ARN. */
    private String backUp(String table) {
        String name = (table + "-guard-" + STAMP.format(Instant.now()));
        name = name.length() <= 255 ? name : name.substring(0, 255);
        String backupName = name;
        context.progress().accept("  backing up " + table + " as " + backupName + " …");
        // CreateBackup is not idempotent: it is repeated only when the failed attempt certainly did
        // not reach DynamoDB (throttled, never connected), as a retry after a lost answer would leave
        // two backups. After a lost answer the backup is looked for by its name: it may well exist.
        // A failure here fails the step before anything is deleted.
        String arn;
        try {
            arn = context.calls()
                    .once(
                            "CreateBackup",
                            () -> dynamo.createBackup(b -> b.tableName(table).backupName(backupName))
                                    .backupDetails()
                                    .backupArn());
        } catch (SdkException e) {
            if (!Calls.outcomeUnknown(e)) {
                throw e;
            }
            Optional<String> found;
            try {
                found = findBackup(table, backupName);
            } catch (SdkException again) {
                throw new StepFailure("the answer to CreateBackup was lost (" + message(e)
                        + "), and reading the backups again failed too (" + message(again) + "): a backup named "
                        + backupName + " may exist");
            }
            arn = found.orElseThrow(() -> new StepFailure("the answer to CreateBackup was lost (" + message(e)
                    + ") and no backup named " + backupName + " was found on reading the backups"
                    + " again: it may still appear (check ListBackups)"));
            context.progress()
                    .accept("  the answer to CreateBackup was lost (" + message(e) + "); found backup " + backupName
                            + " by reading the backups again");
        }
        String backupArn = arn;
        try (Poll poll = Poll.showing(context, "waiting for backup " + backupName + " to be AVAILABLE")) {
            while (true) {
                BackupStatus status = context.calls()
                        .call("DescribeBackup", () -> dynamo.describeBackup(b -> b.backupArn(backupArn)))
                        .backupDescription()
                        .backupDetails()
                        .backupStatus();
                if (status == BackupStatus.AVAILABLE) {
                    return backupArn;
                }
                if (status == BackupStatus.DELETED || poll.expired()) {
                    throw new StepFailure("backup " + backupArn + " is " + status + ", not AVAILABLE");
                }
                poll.saw(String.valueOf(status));
                poll.pause();
            }
        }
    }

    /** The ARN of {@code table}'s backup named {@code name}, read with ListBackups, if there is one. */
    private Optional<String> findBackup(String table, String name) {
        String start = null;
        do {
            String from = start;
            var page = context.calls()
                    .call(
                            "ListBackups",
                            () -> dynamo.listBackups(b -> b.tableName(table).exclusiveStartBackupArn(from)));
            Optional<String> found = page.backupSummaries().stream()
                    .filter(b -> name.equals(b.backupName()))
                    .map(b -> b.backupArn())
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
            start = page.lastEvaluatedBackupArn();
        } while (start != null);
        return Optional.empty();
    }

    @Override
    public List<Outcome> await(List<Outcome> outcomes) {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.status() != Outcome.Status.DONE) {
                out.add(o);
                continue;
            }
            String state = waitUntilDeleted(o.targetId());
            out.add(Outcome.done(o.targetId(), o.detail().replaceFirst("→ [^;\\s]+", "→ " + state)));
        }
        return out;
    }

    /** Polls until the table is gone (or the wait times out); its last state. */
    private String waitUntilDeleted(String table) {
        String state = "DELETING";
        boolean said = false;
        try (Poll poll = Poll.showing(context, "waiting for table " + table + " to be deleted")) {
            while (!poll.expired()) {
                try {
                    state = context.calls()
                            .call("DescribeTable", () -> dynamo.describeTable(b -> b.tableName(table)))
                            .table()
                            .tableStatusAsString();
                } catch (ResourceNotFoundException e) {
                    return "deleted";
                }
                poll.saw(state);
                if (!said) {
                    // Once: the progress board shows the wait as it goes on (live, or a line every 10 s).
                    context.progress().accept("  waiting for table " + table + " to be deleted (" + state + ") …");
                    said = true;
                }
                poll.pause();
            }
        }
        return state;
    }

    static String message(Exception e) {
        if (Calls.timedOut(e)) {
            return "no answer in time";
        }
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
        }
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().replaceAll("\\s+", " ");
    }
}
