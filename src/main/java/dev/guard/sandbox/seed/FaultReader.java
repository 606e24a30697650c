package dev.guard.sandbox.seed;

import dev.guard.yaml.Fields;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads the {@code faults:} rules (see {@link Faults}). */
final class FaultReader {
    private final Problems problems;

    FaultReader(Problems problems) {
        this.problems = problems;
    }

    Faults faults(Fields root) {
        List<Faults.Rule> rules = new ArrayList<>();
        for (Fields f : SeedYaml.items(root, "faults")) {
            f.allowOnly(
                    "service",
                    "operation",
                    "throttleEveryNth",
                    "errorBurst",
                    "latencyMillis",
                    "dropConnectionEveryNth",
                    "loseReplyEveryNth",
                    "lateReplyMillis");
            Optional<Scalar> service = SeedYaml.string(
                    f,
                    "service",
                    v -> Faults.SERVICES.contains(v)
                            ? Optional.empty()
                            : Optional.of("'" + v + "' is not a sandbox service (" + String.join(", ", Faults.SERVICES)
                                    + ")"));
            Optional<Scalar> operation = SeedYaml.string(
                    f,
                    "operation",
                    false,
                    false,
                    v -> v.equals("*") || v.matches("[A-Z][A-Za-z0-9]{1,63}")
                            ? Optional.empty()
                            : Optional.of("'" + v + "' is not an operation name (e.g. PutObject) or *"));
            OptionalInt throttle = small(f.integer("throttleEveryNth", false, 1, 1_000_000));
            Optional<Faults.ErrorBurst> burst = f.mapping("errorBurst", false).flatMap(this::burst);
            OptionalLong latency = f.integer("latencyMillis", false, 0, 60_000);
            OptionalInt drop = small(f.integer("dropConnectionEveryNth", false, 1, 1_000_000));
            OptionalInt lose = small(f.integer("loseReplyEveryNth", false, 1, 1_000_000));
            OptionalLong late = f.integer("lateReplyMillis", false, 0, 60_000);
            if (List.of(
                            "throttleEveryNth",
                            "errorBurst",
                            "latencyMillis",
                            "dropConnectionEveryNth",
                            "loseReplyEveryNth",
                            "lateReplyMillis")
                    .stream()
                    .noneMatch(f::has)) {
                problems.add(
                        f.node().position(),
                        f.path() + ": a fault rule needs at least one of throttleEveryNth,"
                                + " errorBurst, latencyMillis, dropConnectionEveryNth, loseReplyEveryNth,"
                                + " lateReplyMillis");
            }
            rules.add(new Faults.Rule(
                    SeedYaml.text(service),
                    operation.map(Scalar::text).orElse(Faults.Rule.ANY_OPERATION),
                    throttle,
                    burst,
                    latency,
                    drop,
                    lose,
                    late));
        }
        return new Faults(rules);
    }

    private Optional<Faults.ErrorBurst> burst(Fields b) {
        b.allowOnly("status", "count");
        OptionalLong status = b.integer("status", true, 400, 599);
        OptionalLong count = b.integer("count", true, 1, 1_000_000);
        return status.isPresent() && count.isPresent()
                ? Optional.of(new Faults.ErrorBurst((int) status.getAsLong(), (int) count.getAsLong()))
                : Optional.empty();
    }

    private static OptionalInt small(OptionalLong value) {
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }
}
