package dev.guard.action.dynamodb;

import dev.guard.action.Action;
import dev.guard.action.ActionMetadata;
import dev.guard.action.InputContext;
import dev.guard.action.Operation;
import dev.guard.action.StepContext;
import dev.guard.action.StepInputs;
import dev.guard.action.WaitsForCompletion;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.yaml.Fields;
import dev.guard.yaml.Scalar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code dynamodb:DeleteTable}, optionally taking an on-demand backup first ({@code backup: true}
 * waits until the backup is AVAILABLE before deleting). Deletion protection is honoured, never
 * switched off.
 */
public final class DeleteTable implements Action, WaitsForCompletion {
    /** DynamoDB's table statuses, for {@code expectStates}. */
    public static final Set<String> STATES = Set.of(
            "ACTIVE",
            "CREATING",
            "UPDATING",
            "DELETING",
            "ARCHIVING",
            "ARCHIVED",
            "INACCESSIBLE_ENCRYPTION_CREDENTIALS");

    /** The checked inputs. */
    public record Inputs(String tableName, boolean backup) implements StepInputs {
        @Override
        public List<String> describe() {
            return List.of("table " + tableName + (backup ? ", after an on-demand backup" : ", no backup"));
        }

        @Override
        public Optional<String> confirmationName() {
            return Optional.of(tableName);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tableName", tableName);
            m.put("backup", backup);
            return m;
        }
    }

    private static final ActionMetadata METADATA = ActionMetadata.destructive(
                    "dynamodb:DeleteTable", "delete a DynamoDB table", "tableName", "backup")
            .withStates(STATES);

    @Override
    public ActionMetadata metadata() {
        return METADATA;
    }

    @Override
    public Optional<StepInputs> read(Fields with, InputContext context) {
        with.allowOnly("tableName", "backup");
        // Plain Optional checks: every validate of this action reads them, and on JDK 17 each lambda
        // call site costs ~60 µs to link the first time.
        boolean backup = with.bool("backup").orElse(false);
        Optional<Scalar> table = with.string("tableName", true);
        if (table.isEmpty()) {
            return Optional.empty();
        }
        with.check(
                table.get(),
                with.child("tableName"),
                AwsIdentifiers.tableName(table.get().text()));
        return Optional.of(new Inputs(table.get().text(), backup));
    }

    @Override
    public List<String> warnings(StepInputs inputs) {
        return ((Inputs) inputs).backup()
                ? List.of()
                : List.of("deleting a table is permanent and no backup is requested (set backup: true to keep one)");
    }

    @Override
    public Operation operation(StepInputs inputs, StepContext context) {
        return new DeleteTableOperation((Inputs) inputs, context);
    }
}
