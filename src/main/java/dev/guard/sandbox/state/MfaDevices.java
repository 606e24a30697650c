package dev.guard.sandbox.state;

import dev.guard.sandbox.seed.Totp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The virtual MFA devices and the last time step each one accepted: AWS refuses a code that was
 * already used, so asking STS twice with one code fails here too.
 */
public final class MfaDevices {
    /** A device, the user who owns it, and its secret (never leaves the sandbox). */
    public record Device(String serial, String userArn, String base32Secret) {}

    /** Why a code was refused; the journal says which, the caller only sees AWS's message. */
    public enum Check {
        OK,
        UNKNOWN_DEVICE,
        NOT_THE_CALLERS_DEVICE,
        WRONG_CODE,
        REUSED_CODE
    }

    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Long> lastStep = new ConcurrentHashMap<>();

    public void add(Device device) {
        devices.put(device.serial(), device);
    }

    public Optional<Device> forUser(String userArn) {
        return devices.values().stream()
                .filter(d -> d.userArn().equals(userArn))
                .findFirst();
    }

    /** Checks {@code code} for {@code serial} on behalf of {@code userArn}, consuming it when valid. */
    public synchronized Check check(String serial, String code, String userArn, Instant now) {
        Device device = devices.get(serial);
        if (device == null) {
            return Check.UNKNOWN_DEVICE;
        }
        if (!device.userArn().equals(userArn)) {
            return Check.NOT_THE_CALLERS_DEVICE;
        }
        Optional<Long> step = Totp.matchingStep(device.base32Secret(), code, now);
        if (step.isEmpty()) {
            return Check.WRONG_CODE;
        }
        Long last = lastStep.get(serial);
        if (last != null && step.get() <= last) {
            return Check.REUSED_CODE;
        }
        lastStep.put(serial, step.get());
        return Check.OK;
    }

    /** The last time step each device accepted, so a restarted sandbox still refuses a used code. */
    public Map<String, Long> usedSteps() {
        return Map.copyOf(lastStep);
    }

    public void restoreUsedStep(String serial, long step) {
        lastStep.merge(serial, step, Math::max);
    }
}
