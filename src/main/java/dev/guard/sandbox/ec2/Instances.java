package dev.guard.sandbox.ec2;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.timing.Settling;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's EC2 instances, per account and region: each lives in one region and a request
 * sees only those of the region it was signed for, as in AWS (ids stay unique across regions).
 */
public final class Instances {
    /** The AMI every seeded instance reports; launched instances keep the ImageId they were given. */
    public static final String SEED_IMAGE = "ami-0sandbox00000000";

    /** Where seeded instances live unless the seed says otherwise, and instances of old state files. */
    public static final String DEFAULT_REGION = "us-east-1";

    /**
     * How many running or pending instances one account may have: the sandbox's stand-in for
     * EC2's On-Demand quota (which AWS counts in vCPUs). Stopped and terminated ones do not count.
     */
    public static final int DEFAULT_QUOTA = 5000;

    // Launched ids continue a counter: deterministic (i-0b000000000000001, ...) and never reused.
    private static final Pattern LAUNCHED = Pattern.compile("i-0b([0-9a-f]{15})");

    /** An instance and the state guard cares about. */
    public static final class Instance {
        final String id;
        final String account;
        final String region;
        final String type;
        final String imageId;
        final String reservationId;
        // Replaced whole (never changed in place) under the Instances lock, so readers see one version.
        volatile Map<String, String> tags;
        // EC2's LaunchTime is the last start: a stopped instance started again reports a new one.
        volatile Instant launched;
        volatile String state;
        // When a transitional state (pending, stopping, shutting-down) ends; null when it does not.
        volatile Instant settlesAt;
        volatile boolean disableApiTermination;

        Instance(Launch launch, String state, boolean protectedFlag) {
            this.id = launch.id;
            this.account = launch.account;
            this.region = launch.region;
            this.type = launch.type;
            this.imageId = launch.imageId;
            this.reservationId = launch.reservationId;
            this.tags = ordered(launch.tags);
            this.state = state;
            this.disableApiTermination = protectedFlag;
            this.launched = launch.launched;
        }

        static Map<String, String> ordered(Map<String, String> tags) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        static int code(String state) {
            return switch (state) {
                case "pending" -> 0;
                case "running" -> 16;
                case "shutting-down" -> 32;
                case "terminated" -> 48;
                case "stopping" -> 64;
                default -> 80;
            };
        }

        /** This instance as the state file stores it. */
        public Snapshot snapshot() {
            return new Snapshot(
                    id,
                    account,
                    region,
                    type,
                    imageId,
                    reservationId,
                    tags,
                    launched,
                    state,
                    disableApiTermination,
                    Optional.ofNullable(settlesAt));
        }

        /** The state a transitional one ends in. */
        static String settled(String state) {
            return switch (state) {
                case "pending" -> "running";
                case "stopping" -> "stopped";
                case "shutting-down" -> "terminated";
                default -> state;
            };
        }
    }

    /** An instance's durable fields, for the state file. */
    public record Snapshot(
            String id,
            String account,
            String region,
            String type,
            String imageId,
            String reservationId,
            Map<String, String> tags,
            Instant launched,
            String state,
            boolean disableApiTermination,
            Optional<Instant> settlesAt) {}

    /** What identifies a new instance; tags keep their order. */
    record Launch(
            String id,
            String account,
            String region,
            String type,
            String imageId,
            String reservationId,
            Map<String, String> tags,
            Instant launched) {}

    private final Map<String, Instance> byId = new ConcurrentSkipListMap<>();
    // RunInstances' ClientToken → what it launched, per account and region (EC2 keeps them for a while).
    private final Map<String, List<Instance>> byToken = new java.util.concurrent.ConcurrentHashMap<>();
    private final int quota;
    private long launchedCount;

    public Instances() {
        this(DEFAULT_QUOTA);
    }

    Instances(int quota) {
        this.quota = quota;
    }

    /** Adds a seeded instance. */
    public void add(
            String id,
            String account,
            String region,
            String type,
            Map<String, String> tags,
            String state,
            boolean disableApiTermination,
            Instant launched) {
        restore(new Snapshot(
                id,
                account,
                region,
                type,
                SEED_IMAGE,
                "r-" + id.substring(2),
                tags,
                launched,
                state,
                disableApiTermination,
                Optional.empty()));
    }

    /** Adds an instance as a state file recorded it. */
    public synchronized void restore(Snapshot s) {
        Launch launch = new Launch(
                s.id(), s.account(), s.region(), s.type(), s.imageId(), s.reservationId(), s.tags(), s.launched());
        Instance i = new Instance(launch, s.state(), s.disableApiTermination());
        i.settlesAt = s.settlesAt().orElse(null);
        byId.put(s.id(), i);
        Matcher m = LAUNCHED.matcher(s.id());
        if (m.matches()) {
            launchedCount = Math.max(launchedCount, Long.parseLong(m.group(1), 16));
        }
    }

    /** Every instance, in id order, as the state file stores it. */
    public List<Snapshot> snapshots() {
        return byId.values().stream().map(Instance::snapshot).toList();
    }

    /**
     * Starts between {@code min} and {@code max} instances in one reservation, as many as the
     * account's quota leaves room for (AWS launches "the largest possible number above MinCount").
     * They are "pending" until {@code runningAt} and "running" from then on; with no {@code
     * runningAt} (an instant sandbox) only RunInstances' answer says "pending".
     */
    synchronized List<Instance> launch(
            String account,
            String region,
            int min,
            int max,
            String type,
            String imageId,
            Map<String, String> tags,
            boolean disableApiTermination,
            Instant now,
            Optional<Instant> runningAt) {
        long active = byId.values().stream()
                .filter(i -> i.account.equals(account) && i.region.equals(region))
                .filter(i -> i.state.equals("running") || i.state.equals("pending"))
                .count();
        long headroom = Math.max(0, quota - active);
        if (min > headroom) {
            throw new AwsError(
                    400,
                    "InstanceLimitExceeded",
                    "You have requested more instances (" + min + ") than your current instance limit of " + quota
                            + " allows for the specified instance type. Please visit"
                            + " http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.");
        }
        int count = (int) Math.min(max, headroom);
        String reservation = String.format("r-0b%015x", launchedCount + 1);
        List<Instance> started = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            launchedCount++;
            String id = String.format("i-0b%015x", launchedCount);
            Instance i = new Instance(
                    new Launch(id, account, region, type, imageId, reservation, tags, now),
                    runningAt.isPresent() ? "pending" : "running",
                    disableApiTermination);
            i.settlesAt = runningAt.orElse(null);
            byId.put(id, i);
            started.add(i);
        }
        return started;
    }

    /** What a RunInstances with this ClientToken launched, if one did. */
    Optional<List<Instance>> launchedWith(String account, String region, String token) {
        return Optional.ofNullable(byToken.get(account + "/" + region + "/" + token));
    }

    void remember(String account, String region, String token, List<Instance> launched) {
        byToken.putIfAbsent(account + "/" + region + "/" + token, List.copyOf(launched));
    }

    /**
     * Ends every transition that is over at {@code now}: each request settles the world before it
     * reads it, so what it sees is what AWS would show at that moment.
     */
    synchronized void settle(Instant now) {
        for (Instance i : byId.values()) {
            if (Settling.due(i.settlesAt, now)) {
                i.state = Instance.settled(i.state);
                i.settlesAt = null;
            }
        }
    }

    /**
     * Moves an instance into {@code state} until {@code settlesAt}, when it reaches {@code
     * state}'s end state; with no {@code settlesAt}, straight to the end state.
     */
    synchronized void begin(Instance i, String state, Optional<Instant> settlesAt) {
        i.state = settlesAt.isPresent() ? state : Instance.settled(state);
        i.settlesAt = settlesAt.orElse(null);
    }

    /** The instance {@code id} of {@code account} in {@code region}; one in another region is not found, as in AWS. */
    Optional<Instance> find(String account, String region, String id) {
        return Optional.ofNullable(byId.get(id)).filter(i -> i.account.equals(account) && i.region.equals(region));
    }

    /**
     * Applies {@code change} to each instance's tags as one step: no other tag change interleaves,
     * so a check made in {@code change} (the 50-tag limit) holds for what it stores. The change
     * gets a copy and answers the new tags; returns whether any instance's tags changed.
     */
    synchronized boolean retag(List<Instance> targets, java.util.function.UnaryOperator<Map<String, String>> change) {
        List<Map<String, String>> next = new ArrayList<>(targets.size());
        for (Instance i : targets) {
            next.add(change.apply(new LinkedHashMap<>(i.tags)));
        }
        boolean changed = false;
        for (int n = 0; n < targets.size(); n++) {
            Instance i = targets.get(n);
            changed |= !i.tags.equals(next.get(n));
            i.tags = Instance.ordered(next.get(n));
        }
        return changed;
    }

    /** The instances of {@code account} in {@code region}, in id order. */
    List<Instance> in(String account, String region) {
        return byId.values().stream()
                .filter(i -> i.account.equals(account) && i.region.equals(region))
                .toList();
    }
}
