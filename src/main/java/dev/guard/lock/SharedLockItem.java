package dev.guard.lock;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One shared lock as an item of the lock table: the key ({@code LockID}), who holds it, and the
 * epoch seconds of its last heartbeat and of its TTL.
 *
 * @param token this holding's own random id: every update and delete is conditional on it, so a
 *     run never refreshes or releases an item another run has taken since
 */
public record SharedLockItem(
        String key,
        String token,
        long pid,
        String host,
        String user,
        String command,
        String runbook,
        String since,
        long heartbeat,
        long ttl) {
    static final String KEY = "LockID";

    Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(KEY, s(key));
        item.put("owner", s(token));
        item.put("pid", n(pid));
        item.put("host", s(host));
        item.put("user", s(user));
        item.put("command", s(command));
        item.put("runbook", s(runbook));
        item.put("since", s(since));
        item.put("heartbeat", n(heartbeat));
        item.put("ttl", n(ttl));
        return item;
    }

    /** An item as read; attributes another tool left out read as "?" or 0. */
    static SharedLockItem of(Map<String, AttributeValue> item) {
        return new SharedLockItem(
                text(item, KEY),
                text(item, "owner"),
                number(item, "pid"),
                text(item, "host"),
                text(item, "user"),
                text(item, "command"),
                text(item, "runbook"),
                text(item, "since"),
                number(item, "heartbeat"),
                number(item, "ttl"));
    }

    /** Whether its holder stopped beating {@code staleAfter} seconds ago or more. */
    boolean stale(Instant now, long staleAfterSeconds) {
        return now.getEpochSecond() - heartbeat >= staleAfterSeconds;
    }

    /** Whether DynamoDB's TTL has passed: the table would delete it on its own, so it counts as absent. */
    boolean expired(Instant now) {
        return ttl > 0 && ttl < now.getEpochSecond();
    }

    /** "runbook purge, user alice, command guard run runbooks/purge.yaml, pid 42 on build-7, since …". */
    String describe() {
        return "runbook " + runbook + ", user " + user + ", command " + command + ", pid " + pid + " on " + host
                + ", since " + since;
    }

    /** "its last heartbeat 2026-11-30T20:01:00Z (95 s ago)". */
    String lastHeartbeat(Instant now) {
        return "last heartbeat " + Instant.ofEpochSecond(heartbeat) + " (" + (now.getEpochSecond() - heartbeat)
                + " s ago)";
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s).orElse("?");
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        try {
            return Optional.ofNullable(item.get(name))
                    .map(AttributeValue::n)
                    .map(Long::parseLong)
                    .orElse(0L);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
