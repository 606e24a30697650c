package dev.guard.auth;

import dev.guard.runbook.Arn;
import java.util.Objects;
import java.util.Optional;

/**
 * The MFA device whose code guard sends as {@code SerialNumber}/{@code TokenCode}, and where its
 * serial came from.
 *
 * @param serial the device serial or virtual device ARN; empty only for {@link Source#NONE}
 * @param source where guard found the serial
 */
public record MfaDevice(Optional<String> serial, Source source) {
    /** Where the serial came from; {@code NONE} means it is looked up at run time. */
    public enum Source {
        CONFIG,
        RUNBOOK,
        PROFILE,
        DISCOVERED,
        /** Not configured: discovered at run time through {@code iam:ListMFADevices}. */
        NONE;

        /** Where the device came from, as the plan says it: "from config", "looked up". */
        public String shown() {
            return switch (this) {
                case CONFIG -> "from config";
                case RUNBOOK -> "from the runbook";
                case PROFILE -> "from the AWS profile";
                case DISCOVERED -> "looked up";
                case NONE -> "to be looked up";
            };
        }
    }

    public MfaDevice {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(source, "source");
        if (serial.isEmpty() != (source == Source.NONE)) {
            throw new IllegalArgumentException("a serial is present exactly when the source is not NONE");
        }
    }

    /** No device configured: guard lists the caller's devices at run time. */
    public static MfaDevice discoveredAtRunTime() {
        return new MfaDevice(Optional.empty(), Source.NONE);
    }

    public static MfaDevice of(String serial, Source source) {
        return new MfaDevice(Optional.of(serial), source);
    }

    /** The account a virtual device ARN lives in; a device belongs to a user of that account. */
    public Optional<String> accountId() {
        // Not serial.flatMap(Arn::mfaDevice): every validate asks, and on JDK 17 each method
        // reference costs ~60 µs to link the first time.
        if (serial.isEmpty()) {
            return Optional.empty();
        }
        Optional<Arn> arn = Arn.mfaDevice(serial.get());
        return arn.isPresent() ? Optional.of(arn.get().account()) : Optional.empty();
    }
}
