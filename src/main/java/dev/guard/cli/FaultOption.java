package dev.guard.cli;

import dev.guard.error.GuardException;
import dev.guard.sandbox.seed.FaultSpec;
import dev.guard.sandbox.seed.Faults;

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
        try {
            return FaultSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw GuardException.invalid("--fault '" + text + "': " + e.getMessage());
        }
    }
}
