package dev.guard.cli;

import dev.guard.error.GuardException;
import dev.guard.sandbox.seed.Faults;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * {@code --fault SERVICE:OPERATION:KIND=VALUE[,KIND=VALUE]}, the command-line form of a seed's
 * fault rule: {@code throttle=N} (every Nth call), {@code latency=MS}, {@code drop=N} (every Nth
 * connection closed unanswered), {@code burst=STATUSxCOUNT} (the first COUNT calls fail), {@code
 * lose=N} (every Nth call carried out, then its reply lost), {@code late=MS} (carried out, answered
 * MS later).
 */
final class FaultOption {
    static final String HELP = "SERVICE:OPERATION:KIND=VALUE[,...] with KIND throttle=N, latency=MS, drop=N,"
            + " burst=STATUSxCOUNT, lose=N (carried out, reply lost) or late=MS (carried out, answered late); OPERATION may be * (e.g. s3:PutObject:throttle=3, sts:*:latency=200).";

    private FaultOption() {}

    static Faults.Rule parse(String text) {
        String[] parts = text.split(":", 3);
        if (parts.length != 3 || !Faults.SERVICES.contains(parts[0]) || parts[1].isEmpty()) {
            throw bad(text, "expected SERVICE:OPERATION:KIND=VALUE with SERVICE one of " + Faults.SERVICES);
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
                throw bad(text, "'" + kv + "' is not KIND=VALUE");
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
                            throw bad(text, "burst is STATUSxCOUNT with a 4xx or 5xx status, e.g. 503x2");
                        }
                        burst = Optional.of(new Faults.ErrorBurst(status, positive(sc[1])));
                    }
                    default ->
                        throw bad(
                                text,
                                "unknown fault kind '" + pair[0] + "' (throttle, latency, drop, burst, lose, late)");
                }
            } catch (NumberFormatException e) {
                throw bad(text, "'" + pair[1] + "' is not a whole number");
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

    private static GuardException bad(String text, String why) {
        return GuardException.invalid("--fault '" + text + "': " + why);
    }
}
