package dev.guard.sandbox.dynamodb;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.PolicyEvaluator;
import dev.guard.sandbox.iam.RequestContext;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.JsonBody;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.Service;
import dev.guard.sandbox.sigv4.Reason;
import dev.guard.sandbox.sts.ConditionKeys;
import dev.guard.sandbox.timing.Speed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * DynamoDB over JSON 1.0 ({@code X-Amz-Target: DynamoDB_20120810.Op}): the control-plane calls
 * guard makes to delete a table safely — describe it, read its tags, back it up, delete it
 * (refused while deletion protection is on, as AWS does) — tagging a table by its ARN, and the
 * item calls and Time to Live a lock table needs ({@link ItemCalls}).
 */
public final class DynamoDbService implements Service {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    /** The error detail that carries a failed condition's item. */
    static final String ITEM_DETAIL = "Item";

    // AWS publishes no figures: what a small on-demand table and its backup typically show.
    static final Duration TABLE_CREATING = Duration.ofSeconds(15);
    static final Duration TABLE_DELETING = Duration.ofSeconds(10);
    static final Duration BACKUP_CREATING = Duration.ofSeconds(10);

    private final Tables tables;
    private final Speed speed;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    /** @param speed how long CREATING and DELETING last */
    public DynamoDbService(Tables tables, Speed speed) {
        this.tables = tables;
        this.speed = speed;
    }

    @Override
    public String signingName() {
        return "dynamodb";
    }

    @Override
    public String operation(Call call) {
        String target = Optional.ofNullable(call.header("x-amz-target")).orElse("");
        return target.substring(target.indexOf('.') + 1);
    }

    @Override
    public AwsError throttlingError() {
        return new AwsError(400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.");
    }

    @Override
    public AwsError authenticationError(Reason reason, String message) {
        return switch (reason) {
            case MISSING_AUTHENTICATION ->
                new AwsError(400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
            case INCOMPLETE_SIGNATURE, MISSING_CONTENT_SHA256 ->
                new AwsError(400, "IncompleteSignatureException", message);
            case UNKNOWN_REGION, HEADERS_NOT_SIGNED -> new AwsError(400, "InvalidSignatureException", message);
            case UNKNOWN_ACCESS_KEY, MISSING_SECURITY_TOKEN, INVALID_SECURITY_TOKEN ->
                new AwsError(
                        400, "UnrecognizedClientException", "The security token included in the request is invalid.");
            case SIGNATURE_MISMATCH, CONTENT_SHA256_MISMATCH ->
                new AwsError(
                        400,
                        "InvalidSignatureException",
                        "The request signature we calculated does not match the signature you provided.");
            case EXPIRED_TOKEN ->
                new AwsError(400, "ExpiredTokenException", "The security token included in the request is expired");
            // The verifier's sentence is AWS's whole message ("Signature expired: ..." or "Signature not yet current:
            // ...").
            case REQUEST_TIME_SKEWED -> new AwsError(400, "InvalidSignatureException", message);
            case PRESIGNED_URL_EXPIRED ->
                new AwsError(400, "InvalidSignatureException", "Signature expired: " + message);
        };
    }

    @Override
    public Reply render(AwsError error, String requestId, String action) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", ERROR_PREFIX + error.code());
        body.put("message", error.getMessage());
        // ConditionalCheckFailedException's Item (ReturnValuesOnConditionCheckFailure) travels as JSON text.
        Optional.ofNullable(error.details().get(ITEM_DETAIL))
                .ifPresent(item -> body.put("Item", JsonBody.parse(item.getBytes(StandardCharsets.UTF_8))));
        return new Reply(
                error.status(), CONTENT_TYPE, JsonBody.write(body), Map.of(), action, "*", Optional.empty(), false);
    }

    /** The table a request names, as an ARN in the caller's account and region. */
    @Override
    public String resource(Call call) {
        Object name = JsonBody.parse(call.payload()).get("TableName");
        return name instanceof String table
                ? "arn:aws:dynamodb:" + call.region() + ":" + call.caller().accountId() + ":table/" + table
                : "*";
    }

    @Override
    public List<String> modelledOperations() {
        // Keep in step with the dispatch in handle(): a test sends every AWS operation and checks.
        return List.of(
                "ListTables",
                "DescribeTable",
                "CreateTable",
                "DeleteTable",
                "UpdateTable",
                "CreateBackup",
                "DescribeBackup",
                "ListBackups",
                "ListTagsOfResource",
                "TagResource",
                "UntagResource",
                "PutItem",
                "GetItem",
                "DeleteItem",
                "UpdateItem",
                "Scan",
                "UpdateTimeToLive",
                "DescribeTimeToLive");
    }

    @Override
    public Reply handle(Call call) {
        Map<String, Object> in = JsonBody.parse(call.payload());
        tables.settle(call.now());
        TableCalls calls = new TableCalls(call, in);
        DynamoDbMembers.check(operation(call), in);
        return switch (operation(call)) {
            case "ListTables" -> calls.listTables();
            case "DescribeTable" -> calls.describeTable();
            case "CreateTable" -> calls.createTable();
            case "DeleteTable" -> calls.deleteTable();
            case "UpdateTable" -> calls.updateTable();
            case "CreateBackup" -> calls.createBackup();
            case "DescribeBackup" -> calls.describeBackup();
            case "ListBackups" -> calls.listBackups();
            case "ListTagsOfResource" -> calls.listTagsOfResource();
            case "TagResource" -> calls.tagResource();
            case "UntagResource" -> calls.untagResource();
            case "PutItem" -> calls.item(ItemCalls::putItem);
            case "GetItem" -> calls.item(ItemCalls::getItem);
            case "DeleteItem" -> calls.item(ItemCalls::deleteItem);
            case "UpdateItem" -> calls.item(ItemCalls::updateItem);
            case "Scan" -> calls.item(ItemCalls::scan);
            case "UpdateTimeToLive" -> calls.item(ItemCalls::updateTimeToLive);
            case "DescribeTimeToLive" -> calls.item(ItemCalls::describeTimeToLive);
            default ->
                throw new AwsError(
                        400, "UnknownOperationException", "The sandbox does not serve DynamoDB " + operation(call));
        };
    }

    /** The calls of one request, with its caller, region and body at hand. */
    private final class TableCalls {
        private final Call call;
        private final Map<String, Object> in;
        private final String account;
        private final String region;

        TableCalls(Call call, Map<String, Object> in) {
            this.call = call;
            this.in = in;
            this.account = call.caller().accountId();
            this.region = call.region();
        }

        private Decision authorize(String action, String resource) {
            RequestContext context = new RequestContext(
                    call.caller().principal(), "dynamodb:" + action, resource, ConditionKeys.of(call));
            Decision d = evaluator.identity(
                    call.caller().identityPolicies(), call.caller().sessionPolicies(), context);
            call.evaluated("dynamodb:" + action, resource, d);
            if (!d.allowed()) {
                throw new AwsError(
                                400,
                                "AccessDeniedException",
                                d.notAuthorized(call.caller().principal().arn(), "dynamodb:" + action, resource))
                        .because(d.decidingStatement(), d.explanation());
            }
            return d;
        }

        private String string(String name) {
            Object v = in.get(name);
            if (!(v instanceof String s) || s.isEmpty()) {
                throw new AwsError(
                        400,
                        "ValidationException",
                        "1 validation error detected: Value null at '"
                                + Character.toLowerCase(name.charAt(0)) + name.substring(1)
                                + "' failed to satisfy constraint: Member must not be null");
            }
            return s;
        }

        private String tableArn(String name) {
            return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
        }

        private Tables.Table table(String name) {
            return tables.find(account, region, name)
                    .orElseThrow(() -> new AwsError(
                            400,
                            "ResourceNotFoundException",
                            "Requested resource not found: Table: " + name + " not found"));
        }

        /**
         * AWS refuses to change a table that is being created or deleted (ResourceInUseException);
         * item calls still work on a DELETING one until it is gone, as AWS says they might.
         */
        private void requireActive(Tables.Table t) {
            if (!t.status.equals("ACTIVE")) {
                throw new AwsError(
                        400,
                        "ResourceInUseException",
                        "Attempt to change a resource which is still in use: Table is being "
                                + (t.status.equals("DELETING") ? "deleted" : "created") + ": " + t.name);
            }
        }

        private Reply ok(String action, String resource, Object body, Decision d, boolean mutated) {
            return new Reply(
                    200,
                    CONTENT_TYPE,
                    JsonBody.write(body),
                    Map.of(),
                    "dynamodb:" + action,
                    resource,
                    d.decidingStatement(),
                    mutated);
        }

        /** An item or Time to Live call (ItemCalls), authorized as every table call is. */
        Reply item(java.util.function.Function<ItemCalls, ItemCalls.Outcome> operation) {
            ItemCalls.Outcome o = operation.apply(new ItemCalls(call, in, tables, this::authorize));
            return ok(o.action(), o.resource(), o.body(), o.decision(), o.mutated());
        }

        /** ListTables in name order: Limit (1-100) and ExclusiveStartTableName page it, LastEvaluatedTableName says more remain. */
        Reply listTables() {
            Decision d = authorize("ListTables", "*");
            int limit = limit("limit", 100);
            Optional<String> after =
                    Optional.ofNullable(in.get("ExclusiveStartTableName")).map(String::valueOf);
            List<String> names = new ArrayList<>();
            tables.all().forEach(t -> {
                if (t.account.equals(account)
                        && t.region.equals(region)
                        && after.map(a -> t.name.compareTo(a) > 0).orElse(true)) {
                    names.add(t.name);
                }
            });
            names.sort(String::compareTo);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("TableNames", names.subList(0, Math.min(limit, names.size())));
            if (names.size() > limit) {
                body.put("LastEvaluatedTableName", names.get(limit - 1));
            }
            return ok("ListTables", "*", body, d, false);
        }

        /** The Limit member: 1 to {@code max}, {@code max} when absent. */
        private int limit(String member, int max) {
            Object v = in.get("Limit");
            if (v == null) {
                return max;
            }
            if (!(v instanceof Number n) || n.intValue() < 1 || n.intValue() > max) {
                throw new AwsError(
                        400,
                        "ValidationException",
                        "1 validation error detected: Value '" + v + "' at '" + member + "' failed to satisfy"
                                + " constraint: Member must have value "
                                + (v instanceof Number n && n.intValue() > max
                                        ? "less than or equal to " + max
                                        : "greater than or equal to 1"));
            }
            return n.intValue();
        }

        Reply describeTable() {
            String name = string("TableName");
            Decision d = authorize("DescribeTable", tableArn(name));
            return ok("DescribeTable", tableArn(name), Map.of("Table", TableJson.describe(table(name))), d, false);
        }

        Reply createTable() {
            String name = string("TableName");
            Decision d = authorize("CreateTable", tableArn(name));
            if (tables.find(account, region, name).isPresent()) {
                throw new AwsError(400, "ResourceInUseException", "Table already exists: " + name);
            }
            String key = TableJson.partitionKey(in);
            // CreateTable's Tags may be absent or empty, unlike TagResource's.
            Map<String, String> tags =
                    in.get("Tags") instanceof List<?> l && !l.isEmpty() ? TableTags.fromRequest(l) : Map.of();
            TableTags.checkLimit(Map.of(), tags);
            Optional<Instant> activeAt = speed.settles(call.now(), TABLE_CREATING);
            tables.add(
                    account,
                    region,
                    name,
                    key,
                    activeAt.isPresent() ? "CREATING" : "ACTIVE",
                    Boolean.TRUE.equals(in.get("DeletionProtectionEnabled")),
                    call.now(),
                    tags);
            table(name).settlesAt = activeAt.orElse(null);
            return ok(
                    "CreateTable",
                    tableArn(name),
                    Map.of("TableDescription", TableJson.describe(table(name))),
                    d,
                    true);
        }

        Reply updateTable() {
            String name = string("TableName");
            Decision d = authorize("UpdateTable", tableArn(name));
            Tables.Table t = table(name);
            requireActive(t);
            if (in.get("DeletionProtectionEnabled") instanceof Boolean b) {
                t.deletionProtection = b;
            }
            return ok("UpdateTable", t.arn(), Map.of("TableDescription", TableJson.describe(t)), d, true);
        }

        Reply deleteTable() {
            String name = string("TableName");
            Decision d = authorize("DeleteTable", tableArn(name));
            Tables.Table t = table(name);
            if (t.status.equals("DELETING")) {
                // AWS: "If table is already in the DELETING state, no error is returned."
                return ok("DeleteTable", t.arn(), Map.of("TableDescription", TableJson.describe(t)), d, false);
            }
            requireActive(t);
            if (t.deletionProtection) {
                throw new AwsError(
                        400,
                        "ValidationException",
                        "Resource cannot be deleted as it is currently protected"
                                + " against deletion. Disable deletion protection first.");
            }
            Optional<Instant> goneAt = speed.settles(call.now(), TABLE_DELETING);
            if (goneAt.isEmpty()) {
                tables.remove(t);
            }
            t.settlesAt = goneAt.orElse(null);
            t.status = "DELETING";
            return ok("DeleteTable", t.arn(), Map.of("TableDescription", TableJson.describe(t)), d, true);
        }

        Reply createBackup() {
            String name = string("TableName");
            String backupName = string("BackupName");
            Decision d = authorize("CreateBackup", tableArn(name));
            Tables.Table t = tables.find(account, region, name)
                    .orElseThrow(() -> new AwsError(400, "TableNotFoundException", "Table not found: " + name));
            if (!t.status.equals("ACTIVE")) {
                throw new AwsError(
                        400,
                        "TableInUseException",
                        "Table is being " + (t.status.equals("DELETING") ? "deleted" : "created") + ": " + name);
            }
            String arn = t.arn() + "/backup/" + call.now().toEpochMilli() + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            Optional<Instant> availableAt = speed.settles(call.now(), BACKUP_CREATING);
            Tables.Backup backup = new Tables.Backup(
                    arn,
                    backupName,
                    t.name,
                    t.arn(),
                    account,
                    region,
                    call.now(),
                    availableAt.isPresent() ? "CREATING" : "AVAILABLE",
                    availableAt);
            tables.addBackup(backup);
            return ok("CreateBackup", t.arn(), Map.of("BackupDetails", TableJson.details(backup)), d, true);
        }

        Reply describeBackup() {
            String arn = string("BackupArn");
            Decision d = authorize("DescribeBackup", arn);
            Tables.Backup b = tables.backup(arn)
                    .filter(x -> x.account().equals(account))
                    .orElseThrow(
                            () -> new AwsError(400, "BackupNotFoundException", "Backup not found for arn: " + arn));
            return ok("DescribeBackup", arn, Map.of("BackupDescription", TableJson.description(b)), d, false);
        }

        /**
         * ListBackups, oldest first: TableName, BackupType (the sandbox's backups are all USER
         * ones), Limit and ExclusiveStartBackupArn page it; LastEvaluatedBackupArn says more remain.
         */
        Reply listBackups() {
            Decision d = authorize("ListBackups", "*");
            Optional<String> table = Optional.ofNullable((String) in.get("TableName"));
            Object type = in.getOrDefault("BackupType", "USER");
            if (!List.of("USER", "SYSTEM", "AWS_BACKUP", "ALL").contains(type)) {
                throw new AwsError(
                        400,
                        "ValidationException",
                        "1 validation error detected: Value '" + type + "' at 'backupType' failed to satisfy"
                                + " constraint: Member must satisfy enum value set: [USER, SYSTEM, AWS_BACKUP, ALL]");
            }
            int limit = limit("limit", 100);
            Optional<String> after = Optional.ofNullable((String) in.get("ExclusiveStartBackupArn"));
            List<Tables.Backup> all = new ArrayList<>();
            tables.backups().forEach(b -> {
                if (b.account().equals(account)
                        && b.region().equals(region)
                        && (type.equals("USER") || type.equals("ALL"))
                        && table.map(b.tableName()::equals).orElse(true)) {
                    all.add(b);
                }
            });
            all.sort(java.util.Comparator.comparing(Tables.Backup::created).thenComparing(Tables.Backup::arn));
            int from = after.map(
                            a -> all.stream().map(Tables.Backup::arn).toList().indexOf(a) + 1)
                    .orElse(0);
            List<Tables.Backup> found = all.subList(from, all.size());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(
                    "BackupSummaries",
                    found.subList(0, Math.min(limit, found.size())).stream()
                            .map(TableJson::summary)
                            .toList());
            if (found.size() > limit) {
                body.put("LastEvaluatedBackupArn", found.get(limit - 1).arn());
            }
            return ok("ListBackups", "*", body, d, false);
        }

        /** The table a tagging call names by ARN: checked, authorized, then looked up. */
        private String resourceArn() {
            if (!(in.get("ResourceArn") instanceof String arn)) {
                throw new AwsError(400, "ValidationException", "Invalid TableArn");
            }
            return arn;
        }

        private Tables.Table tableAt(String arn, String action) {
            TableTags.Arn where = TableTags.Arn.parse(arn);
            if (!where.region().equals(region)) {
                throw TableTags.invalidArn(arn);
            }
            if (!where.account().equals(account)) {
                // Tables take no resource policies here, so another account's table is never reachable.
                throw new AwsError(
                        400,
                        "AccessDeniedException",
                        "User: " + call.caller().principal().arn() + " is not authorized to perform: dynamodb:"
                                + action + " on resource: " + arn
                                + " because no resource-based policy allows the dynamodb:" + action + " action");
            }
            return tables.find(account, region, where.table())
                    .orElseThrow(() -> new AwsError(
                            400,
                            "ResourceNotFoundException",
                            "Requested resource not found: ResourceArn: " + arn + " not found"));
        }

        Reply listTagsOfResource() {
            String arn = resourceArn();
            TableTags.Arn.parse(arn);
            Decision d = authorize("ListTagsOfResource", arn);
            Tables.Table t = tableAt(arn, "ListTagsOfResource");
            return ok("ListTagsOfResource", arn, Map.of("Tags", TableTags.json(t.tags())), d, false);
        }

        Reply tagResource() {
            String arn = resourceArn();
            TableTags.Arn.parse(arn);
            Map<String, String> tags = TableTags.fromRequest(in.get("Tags"));
            Decision d = authorize("TagResource", arn);
            Tables.Table t = tableAt(arn, "TagResource");
            TableTags.checkLimit(t.tags(), tags);
            t.tag(tags);
            return ok("TagResource", arn, Map.of(), d, true);
        }

        Reply untagResource() {
            String arn = resourceArn();
            TableTags.Arn.parse(arn);
            List<String> keys = TableTags.keys(in.get("TagKeys"));
            Decision d = authorize("UntagResource", arn);
            Tables.Table t = tableAt(arn, "UntagResource");
            t.untag(keys);
            return ok("UntagResource", arn, Map.of(), d, true);
        }
    }
}
