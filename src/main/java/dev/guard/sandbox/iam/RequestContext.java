package dev.guard.sandbox.iam;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One request as policies see it. Condition keys are looked up case-insensitively, as AWS does; a
 * key that is not in the map is absent from the request (e.g. aws:MultiFactorAuthPresent for
 * long-term access keys), which is not the same as being "false".
 */
public record RequestContext(
        Principal principal, String action, String resource, Map<String, List<String>> conditionKeys) {

    public RequestContext {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Map<String, List<String>> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        conditionKeys.forEach((key, values) -> keys.put(key, List.copyOf(values)));
        conditionKeys = Collections.unmodifiableMap(keys);
    }

    /** A request without any condition keys. */
    public static RequestContext of(Principal principal, String action, String resource) {
        return new RequestContext(principal, action, resource, Map.of());
    }

    /** This request with one more condition key (replacing any value it had). */
    public RequestContext withKey(String key, String... values) {
        Map<String, List<String>> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        keys.putAll(conditionKeys);
        keys.put(key, List.of(values));
        return new RequestContext(principal, action, resource, keys);
    }

    /** The same request for another action on another resource (AssumeRole on a role, say). */
    public RequestContext forAction(String otherAction, String otherResource) {
        return new RequestContext(principal, otherAction, otherResource, conditionKeys);
    }

    /** The key's values; empty when the key is absent. */
    public List<String> values(String key) {
        return conditionKeys.getOrDefault(key, List.of());
    }
}
