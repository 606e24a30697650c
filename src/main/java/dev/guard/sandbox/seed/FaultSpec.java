package dev.guard.sandbox.seed;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A fault rule in one line, {@code SERVICE:OPERATION:KIND=VALUE[,KIND=VALUE]}: the form {@code
 * --fault} takes on guard's command line, for the same rules a seed's {@code faults:} declares.
 */
public final class FaultSpec {
    private FaultSpec() {}

    /** @throws IllegalArgumentException saying why {@code text} is not a rule */
    public static Faults.Rule parse(String text) {
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || !Faults.SERVICES.contains(parts[0]) || parts[1].isEmpty()) {
            throw bad("expected SERVICE:OPERATION:KIND=VALUE with SERVICE one of " + Faults.SERVICES);
        }
        OptionalInt throttle = OptionalInt.empty();
        OptionalInt drop = OptionalInt.empty();
        OptionalLong latency = OptionalLong.empty();
        OptionalInt lose = OptionalInt.empty();
        OptionalLong late = OptionalLong.empty();
        Optional<Faults.ErrorBurst> burst = Optional.empty();
        for (String kv : parts[2].split(",")) {
            String[] pair = kv.split("=", 2);
            if (pair.length != 2) {
                throw bad("'" + kv + "' is not KIND=VALUE");
            }
            try {
                switch (pair[0]) {
                    case "throttle" -> throttle = OptionalInt.of(positive(pair[1]));
                    case "drop" -> drop = OptionalInt.of(positive(pair[1]));
                    case "latency" -> latency = OptionalLong.of(positive(pair[1]));
                    case "lose" -> lose = OptionalInt.of(positive(pair[1]));
                    case "late" -> late = OptionalLong.of(positive(pair[1]));
                    case "burst" -> {
                        String[] sc = pair[1].split("x", 2);
                        int status = Integer.parseInt(sc[0]);
                        if (status < 400 || status > 599 || sc.length != 2) {
                            throw bad("burst is STATUSxCOUNT with a 4xx or 5xx status, e.g. 503x2");
                        }
                        burst = Optional.of(new Faults.ErrorBurst(status, positive(sc[1])));
                    }
                    default ->
                        throw bad("unknown fault kind '" + pair[0] + "' (throttle, latency, drop, burst, lose, late)");
                }
            } catch (NumberFormatException e) {
                throw bad("'" + pair[1] + "' is not a whole number");
            }
        }
        return new Faults.Rule(parts[0], parts[1], throttle, burst, latency, drop, lose, late);
    }

    private static int positive(String s) {
        int v = Integer.parseInt(s);
        if (v < 1) {
            throw new NumberFormatException(s);
        }
        return v;
    }

    /** Why {@code text} is not a rule; the caller names where it came from. */
    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException(why);
    }
}
