package dev.guard.lock;

import dev.guard.action.InBucket;
import dev.guard.action.TargetsById;
import dev.guard.plan.PlannedStep;
import java.util.List;
import java.util.TreeSet;

/**
 * What a run will change, as lock keys: one per resource, "endpoint account region service
 * resource". Keyed on the resource, not the runbook or the action, so two runbooks on one table,
 * or a stop and a terminate of one instance, exclude each other. S3 is locked by bucket: a prefix
 * and a key under it overlap, and the bucket is the unit that catches both.
 */
public final class LockKeys {
    private LockKeys() {}

    /**
     * An endpoint as a lock key: one endpoint spelled two ways ({@code http://127.0.0.1:4599/},
     * {@code HTTP://127.0.0.1:4599}, a default port written out) is one key, so two runs cannot take
     * "different" locks on the same resource.
     */
    public static String endpoint(java.net.URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        String host = uri.getHost() == null ? String.valueOf(uri.getAuthority()) : uri.getHost();
        host = host.toLowerCase(java.util.Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        return scheme + "://" + host + (port == -1 ? "" : ":" + port) + path;
    }

    /** @param endpoint "aws", or the endpoint URL the run is sent to */
    public static List<String> of(String endpoint, List<PlannedStep> steps) {
        TreeSet<String> keys = new TreeSet<>(); // sorted: every run takes its locks in one order
        for (PlannedStep step : steps) {
            String where = endpoint + " " + step.account().id() + " " + step.region() + " "
                    + step.action().metadata().service() + " ";
            resources(step).forEach(r -> keys.add(where + r));
        }
        return List.copyOf(keys);
    }

    /**
     * The targets a selector step matched, as lock keys (known only once AWS is read), for inputs
     * whose targets are locked by id ({@link TargetsById}): a run by instance id and a run by
     * selector on the same instance exclude each other. Empty for any other step, whose resources
     * are locked before the run starts.
     */
    public static List<String> matched(String endpoint, PlannedStep step, List<String> ids) {
        if (!resources(step).get(0).startsWith("selector ") || !(step.inputs() instanceof TargetsById byId)) {
            return List.of();
        }
        String where = endpoint + " " + step.account().id() + " " + step.region() + " "
                + step.action().metadata().service() + " ";
        return ids.stream().map(id -> where + byId.targetKind() + " " + id).toList();
    }

    private static List<String> resources(PlannedStep step) {
        var inputs = step.inputs();
        if (inputs instanceof InBucket b) {
            return List.of("bucket " + b.bucket());
        }
        if (inputs.confirmationName().isPresent()) {
            return List.of("resource " + inputs.confirmationName().get()); // a table
        }
        if (inputs instanceof TargetsById byId && !byId.namedIds().isEmpty()) {
            return byId.namedIds().stream()
                    .map(id -> byId.targetKind() + " " + id)
                    .toList();
        }
        // A selector: what it selects is known only once AWS is read, so the selector is the key.
        return List.of("selector " + String.join("; ", inputs.describe()));
    }
}
