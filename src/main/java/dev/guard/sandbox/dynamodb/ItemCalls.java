package dev.guard.sandbox.dynamodb;

import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * DynamoDB's item calls and Time to Live on one request: PutItem, GetItem, DeleteItem and
 * UpdateItem with ConditionExpression (a failed one is ConditionalCheckFailedException, nothing
 * changed), ReturnValues, and UpdateTimeToLive/DescribeTimeToLive. Every call is authorized
 * against the table's ARN first. Item calls on one table are serialized, so a conditional write is
 * atomic as in DynamoDB.
 *
 * <p>Time to Live: an item whose TTL attribute (a number of epoch seconds) is in the past is gone
 * at once here. DynamoDB deletes such items "within a few days", and until then reads still return
 * them; callers (guard's lock) must compare the TTL with the clock themselves and rely on neither.
 * As in DynamoDB, a TTL more than five years in the past is ignored.
 */
final class ItemCalls {
    /** Authorizes {@code dynamodb:ACTION} on a resource, or throws AccessDeniedException. */
    interface Authorizer {
        Decision authorize(String action, String resource);
    }

    /** What a call answers: its body, the journal's resource and decision, and whether it changed anything. */
    record Outcome(String action, String resource, Object body, Decision decision, boolean mutated) {}

    private static final Set<String> ITEM_ACTIONS = Set.of("PutItem", "GetItem", "DeleteItem", "UpdateItem", "Scan");
    private static final Duration TTL_IGNORED_AFTER = Duration.ofDays(5 * 365);

    private final Call call;
    private final Map<String, Object> in;
    private final Tables tables;
    private final Authorizer authorizer;
    private Decision decision;

    ItemCalls(Call call, Map<String, Object> in, Tables tables, Authorizer authorizer) {
        this.call = call;
        this.in = in;
        this.tables = tables;
        this.authorizer = authorizer;
    }

    private String tableName() {
        if (!(in.get("TableName") instanceof String s) || s.isEmpty()) {
            throw AttributeValues.validation(
                    "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member"
                            + " must not be null");
        }
        return s;
    }

    /** Authorizes the action on the named table, then finds it. */
    private Tables.Table table(String action) {
        String name = tableName();
        String arn = "arn:aws:dynamodb:" + call.region() + ":" + call.caller().accountId() + ":table/" + name;
        decision = authorizer.authorize(action, arn);
        // A table still being created takes no item calls: DynamoDB answers as if it were not there.
        return tables.find(call.caller().accountId(), call.region(), name)
                .filter(t -> !(ITEM_ACTIONS.contains(action) && t.status.equals("CREATING")))
                .orElseThrow(() -> new AwsError(400, "ResourceNotFoundException", "Requested resource not found"));
    }

    Outcome putItem() {
        Tables.Table t = table("PutItem");
        refuseLegacy("Expected", "ConditionalOperator");
        Map<String, Object> item = AttributeValues.item(in.get("Item"), "item");
        String key = keyOfItem(t, item);
        if (AttributeValues.itemSize(item) > AttributeValues.MAX_ITEM_BYTES) {
            throw AttributeValues.validation("Item size has exceeded the maximum allowed size");
        }
        String returnValues = returnValues(Set.of("NONE", "ALL_OLD"));
        Predicate<Map<String, Object>> condition = conditionAndCheckAll(false);
        synchronized (t) {
            Map<String, Object> old = current(t, key);
            requireCondition(condition, old);
            t.items.put(key, AttributeValues.normalizedItem(item));
            return new Outcome("PutItem", t.arn(), attributes(returnValues, old, null, null), decision, true);
        }
    }

    Outcome getItem() {
        Tables.Table t = table("GetItem");
        refuseLegacy("AttributesToGet");
        String key = keyOfKey(t);
        Expressions context = new Expressions(in);
        Optional<List<DocumentPath>> projection = projection(context);
        context.requireAllUsed(projection.isPresent());
        if (in.containsKey("ConsistentRead") && !(in.get("ConsistentRead") instanceof Boolean)) {
            throw AttributeValues.validation("ConsistentRead must be a boolean");
        }
        synchronized (t) {
            Map<String, Object> item = current(t, key);
            Map<String, Object> body = new LinkedHashMap<>();
            if (item != null) {
                body.put("Item", projection.map(p -> project(item, p)).orElse(item));
            }
            return new Outcome("GetItem", t.arn(), body, decision, false);
        }
    }

    Outcome deleteItem() {
        Tables.Table t = table("DeleteItem");
        refuseLegacy("Expected", "ConditionalOperator");
        String key = keyOfKey(t);
        String returnValues = returnValues(Set.of("NONE", "ALL_OLD"));
        Predicate<Map<String, Object>> condition = conditionAndCheckAll(false);
        synchronized (t) {
            Map<String, Object> old = current(t, key);
            requireCondition(condition, old);
            t.items.remove(key);
            return new Outcome("DeleteItem", t.arn(), attributes(returnValues, old, null, null), decision, old != null);
        }
    }

    Outcome updateItem() {
        Tables.Table t = table("UpdateItem");
        refuseLegacy("Expected", "ConditionalOperator", "AttributeUpdates");
        String key = keyOfKey(t);
        String returnValues = returnValues(Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"));
        Expressions context = new Expressions(in);
        Optional<UpdateExpression> update =
                optionalString("UpdateExpression").map(u -> UpdateExpression.parse(u, context));
        Predicate<Map<String, Object>> condition = condition(context);
        context.requireAllUsed(update.isPresent() || in.get("ConditionExpression") != null);
        update.ifPresent(u -> refuseKeyUpdate(t, u));
        synchronized (t) {
            Map<String, Object> old = current(t, key);
            requireCondition(condition, old);
            Map<String, Object> base = old != null ? old : Map.of(t.partitionKey, (Object) Map.of("S", key));
            Map<String, Object> after = update.map(u -> u.apply(base)).orElse(AttributeValues.copyItem(base));
            if (AttributeValues.itemSize(after) > AttributeValues.MAX_ITEM_BYTES) {
                throw AttributeValues.validation("Item size to update has exceeded the maximum allowed size");
            }
            after = AttributeValues.normalizedItem(after);
            t.items.put(key, after);
            Set<String> updated = update.map(UpdateExpression::updatedNames).orElse(Set.of());
            return new Outcome("UpdateItem", t.arn(), attributes(returnValues, old, after, updated), decision, true);
        }
    }

    /**
     * Scan: every live item in key order, filtered by FilterExpression and projected, in pages of
     * Limit items (evaluated before the filter, as DynamoDB counts them) with LastEvaluatedKey.
     */
    Outcome scan() {
        Tables.Table t = table("Scan");
        refuseLegacy("ScanFilter", "AttributesToGet", "ConditionalOperator", "Segment", "TotalSegments");
        Expressions context = new Expressions(in);
        Predicate<Map<String, Object>> filter = optionalString("FilterExpression")
                .map(c -> ConditionExpression.parse(c, "FilterExpression", context))
                .orElse(item -> true);
        Optional<List<DocumentPath>> projection = projection(context);
        context.requireAllUsed(in.get("FilterExpression") != null || projection.isPresent());
        int limit = limit();
        Optional<String> after = in.get("ExclusiveStartKey") == null ? Optional.empty() : Optional.of(startKey(t));
        List<Map<String, Object>> page = new java.util.ArrayList<>();
        Map<String, Object> body = new LinkedHashMap<>();
        synchronized (t) {
            List<String> keys = new java.util.ArrayList<>(t.items.keySet());
            keys.sort(String::compareTo);
            int scanned = 0;
            for (String key : keys) {
                if (after.isPresent() && key.compareTo(after.get()) <= 0) {
                    continue;
                }
                Map<String, Object> item = current(t, key);
                if (item == null) {
                    continue;
                }
                scanned++;
                if (filter.test(item)) {
                    page.add(projection.map(p -> project(item, p)).orElse(item));
                }
                if (scanned == limit && !key.equals(keys.get(keys.size() - 1))) {
                    body.put("LastEvaluatedKey", Map.of(t.partitionKey, Map.of("S", key)));
                    break;
                }
            }
            body.put("Items", page);
            body.put("Count", page.size());
            body.put("ScannedCount", scanned);
        }
        return new Outcome("Scan", t.arn(), reorder(body), decision, false);
    }

    private static Map<String, Object> reorder(Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : List.of("Items", "Count", "ScannedCount", "LastEvaluatedKey")) {
            if (body.containsKey(k)) {
                out.put(k, body.get(k));
            }
        }
        return out;
    }

    private int limit() {
        Object v = in.get("Limit");
        if (v == null) {
            return Integer.MAX_VALUE;
        }
        if (!(v instanceof Long l) || l < 1) {
            throw AttributeValues.validation("1 validation error detected: Value '" + v
                    + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        return (int) Math.min(l, Integer.MAX_VALUE);
    }

    private String startKey(Tables.Table t) {
        Map<String, Object> key = AttributeValues.item(in.get("ExclusiveStartKey"), "exclusiveStartKey");
        if (key.size() != 1 || !key.containsKey(t.partitionKey)) {
            throw AttributeValues.validation(
                    "The provided starting key is invalid: The provided key element does not" + " match the schema");
        }
        return keyString(t, key.get(t.partitionKey));
    }

    Outcome updateTimeToLive() {
        Tables.Table t = table("UpdateTimeToLive");
        if (!(in.get("TimeToLiveSpecification") instanceof Map<?, ?> spec)
                || !(spec.get("Enabled") instanceof Boolean enabled)
                || !(spec.get("AttributeName") instanceof String attribute)
                || attribute.isEmpty()) {
            throw AttributeValues.validation("1 validation error detected: Value null at 'timeToLiveSpecification'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        synchronized (t) {
            if (enabled && t.ttlAttribute != null) {
                throw AttributeValues.validation("TimeToLive is already enabled");
            }
            if (!enabled && t.ttlAttribute == null) {
                throw AttributeValues.validation("TimeToLive is already disabled");
            }
            t.ttlAttribute = enabled ? attribute : null;
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("Enabled", enabled);
        echo.put("AttributeName", attribute);
        return new Outcome("UpdateTimeToLive", t.arn(), Map.of("TimeToLiveSpecification", echo), decision, true);
    }

    Outcome describeTimeToLive() {
        Tables.Table t = table("DescribeTimeToLive");
        Map<String, Object> description = new LinkedHashMap<>();
        String attribute = t.ttlAttribute;
        description.put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED");
        if (attribute != null) {
            description.put("AttributeName", attribute);
        }
        return new Outcome(
                "DescribeTimeToLive", t.arn(), Map.of("TimeToLiveDescription", description), decision, false);
    }

    // ---- keys, items and expressions ----

    /** The key value of a PutItem's Item, checked against the table's key schema. */
    private static String keyOfItem(Tables.Table t, Map<String, Object> item) {
        Object key = item.get(t.partitionKey);
        if (key == null) {
            throw AttributeValues.validation(
                    "One or more parameter values were invalid: Missing the key " + t.partitionKey + " in the item");
        }
        return keyString(t, key);
    }

    /** The key value of a Get/Delete/UpdateItem's Key: exactly the table's key attributes. */
    private String keyOfKey(Tables.Table t) {
        Map<String, Object> key = AttributeValues.item(in.get("Key"), "key");
        if (key.size() != 1 || !key.containsKey(t.partitionKey)) {
            throw AttributeValues.validation("The provided key element does not match the schema");
        }
        return keyString(t, key.get(t.partitionKey));
    }

    private static String keyString(Tables.Table t, Object key) {
        if (!AttributeValues.type(key).equals("S")) {
            throw AttributeValues.validation("One or more parameter values were invalid: Type mismatch for key "
                    + t.partitionKey + " expected: S actual: " + AttributeValues.type(key));
        }
        String value = AttributeValues.payload(key).toString();
        if (value.isEmpty()) {
            throw AttributeValues.validation("One or more parameter values are not valid. The AttributeValue for a key"
                    + " attribute cannot contain an empty string value. Key: " + t.partitionKey);
        }
        return value;
    }

    /** The item under {@code key}, or null; an expired one (Time to Live) is deleted first. */
    private Map<String, Object> current(Tables.Table t, String key) {
        Map<String, Object> item = t.items.get(key);
        if (item != null && expired(t, item)) {
            t.items.remove(key);
            return null;
        }
        return item;
    }

    private boolean expired(Tables.Table t, Map<String, Object> item) {
        Object ttl = t.ttlAttribute == null ? null : item.get(t.ttlAttribute);
        if (ttl == null || !AttributeValues.type(ttl).equals("N")) {
            return false;
        }
        BigDecimal at = AttributeValues.number(AttributeValues.payload(ttl));
        BigDecimal now = BigDecimal.valueOf(call.now().getEpochSecond());
        BigDecimal ignoredBefore =
                BigDecimal.valueOf(call.now().minus(TTL_IGNORED_AFTER).getEpochSecond());
        return at.compareTo(now) < 0 && at.compareTo(ignoredBefore) >= 0;
    }

    private Predicate<Map<String, Object>> conditionAndCheckAll(boolean otherExpression) {
        Expressions context = new Expressions(in);
        Predicate<Map<String, Object>> condition = condition(context);
        context.requireAllUsed(otherExpression || in.get("ConditionExpression") != null);
        return condition;
    }

    private Predicate<Map<String, Object>> condition(Expressions context) {
        return optionalString("ConditionExpression")
                .map(c -> ConditionExpression.parse(c, "ConditionExpression", context))
                .orElse(item -> true);
    }

    /**
     * Checks the condition against the current item (an absent item has no attributes). A failure
     * carries that item when ReturnValuesOnConditionCheckFailure is ALL_OLD, so a caller learns
     * who holds a lock without a second read.
     */
    private void requireCondition(Predicate<Map<String, Object>> condition, Map<String, Object> item) {
        String onFailure = optionalString("ReturnValuesOnConditionCheckFailure").orElse("NONE");
        if (!Set.of("NONE", "ALL_OLD").contains(onFailure)) {
            throw AttributeValues.validation("1 validation error detected: Value '" + onFailure
                    + "' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy"
                    + " enum value set: [ALL_OLD, NONE]");
        }
        if (!condition.test(item == null ? Map.of() : item)) {
            AwsError failed = new AwsError(400, "ConditionalCheckFailedException", "The conditional request failed");
            if (onFailure.equals("ALL_OLD") && item != null) {
                String json = new String(dev.guard.sandbox.server.JsonBody.write(item), StandardCharsets.UTF_8);
                failed = failed.withDetail(DynamoDbService.ITEM_DETAIL, json);
            }
            throw failed;
        }
    }

    private Optional<String> optionalString(String name) {
        Object v = in.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw AttributeValues.validation(name + " must be a string");
        }
        return Optional.of(s);
    }

    private Optional<List<DocumentPath>> projection(Expressions context) {
        return optionalString("ProjectionExpression").map(p -> {
            ExpressionTokens tokens = new ExpressionTokens(p, "ProjectionExpression", context);
            List<DocumentPath> paths = new java.util.ArrayList<>();
            do {
                paths.add(tokens.path());
            } while (tokens.accept(","));
            if (!tokens.atEnd()) {
                throw tokens.syntaxError();
            }
            return paths;
        });
    }

    /** The projected top-level attributes (a nested path projects its whole top-level attribute here). */
    private static Map<String, Object> project(Map<String, Object> item, List<DocumentPath> paths) {
        Map<String, Object> out = new LinkedHashMap<>();
        paths.forEach(p -> {
            if (item.containsKey(p.topName())) {
                out.put(p.topName(), item.get(p.topName()));
            }
        });
        return out;
    }

    private String returnValues(Set<String> allowed) {
        String value = optionalString("ReturnValues").orElse("NONE");
        if (!allowed.contains(value)) {
            throw AttributeValues.validation("ReturnValues can only be "
                    + String.join(" or ", allowed.stream().sorted().toList()));
        }
        return value;
    }

    private static Map<String, Object> attributes(
            String returnValues, Map<String, Object> old, Map<String, Object> after, Set<String> updated) {
        Map<String, Object> chosen = switch (returnValues) {
            case "ALL_OLD" -> old;
            case "ALL_NEW" -> after;
            case "UPDATED_OLD" -> only(old, updated);
            case "UPDATED_NEW" -> only(after, updated);
            default -> null;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        if (chosen != null && !chosen.isEmpty()) {
            body.put("Attributes", chosen);
        }
        return body;
    }

    private static Map<String, Object> only(Map<String, Object> item, Set<String> names) {
        if (item == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        names.forEach(n -> {
            if (item.containsKey(n)) {
                out.put(n, item.get(n));
            }
        });
        return out;
    }

    private static void refuseKeyUpdate(Tables.Table t, UpdateExpression update) {
        if (update.updatedNames().contains(t.partitionKey)) {
            throw AttributeValues.validation("One or more parameter values were invalid: Cannot update attribute "
                    + t.partitionKey + ". This attribute is part of the key");
        }
    }

    /** The legacy parameters (Expected, AttributeUpdates, ...) are not served: a clear refusal, never ignored. */
    private void refuseLegacy(String... names) {
        for (String name : names) {
            if (in.containsKey(name)) {
                throw AttributeValues.validation(
                        "The sandbox does not serve the legacy parameter " + name + "; use expressions instead");
            }
        }
    }
}
