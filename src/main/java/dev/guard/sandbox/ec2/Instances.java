package dev.guard.sandbox.ec2;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The sandbox's EC2 instances, per account. */
public final class Instances {
    /** An instance and the state guard cares about. */
    public static final class Instance {
        final String id;
        final String account;
        final String type;
        final Map<String, String> tags;
        final Instant launched;
        volatile String state;
        volatile boolean disableApiTermination;

        Instance(
                String id,
                String account,
                String type,
                Map<String, String> tags,
                String state,
                boolean protectedFlag,
                Instant launched) {
            this.id = id;
            this.account = account;
            this.type = type;
            this.tags = new LinkedHashMap<>(tags);
            this.state = state;
            this.disableApiTermination = protectedFlag;
            this.launched = launched;
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
    }

    private final Map<String, Instance> byId = new ConcurrentSkipListMap<>();

    public void add(
            String id,
            String account,
            String type,
            Map<String, String> tags,
            String state,
            boolean disableApiTermination,
            Instant launched) {
        byId.put(id, new Instance(id, account, type, tags, state, disableApiTermination, launched));
    }

    Optional<Instance> find(String account, String id) {
        return Optional.ofNullable(byId.get(id)).filter(i -> i.account.equals(account));
    }

    Collection<Instance> all() {
        return byId.values();
    }
}
