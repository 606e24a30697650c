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

    /** What checking a code found, and the time step it matched (meaningful only when OK). */
    public record Verification(Check check, long step) {}

    /**
     * Checks {@code code} for {@code serial} on behalf of {@code userArn} without using it up: a
     * caller that may still refuse the request {@link #consume}s it only once it is allowed.
     */
    public synchronized Verification verify(String serial, String code, String userArn, Instant now) {
        Device device = devices.get(serial);
        if (device == null) {
            return new Verification(Check.UNKNOWN_DEVICE, -1);
        }
        if (!device.userArn().equals(userArn)) {
            return new Verification(Check.NOT_THE_CALLERS_DEVICE, -1);
        }
        Optional<Long> step = Totp.matchingStep(device.base32Secret(), code, now);
        if (step.isEmpty()) {
            return new Verification(Check.WRONG_CODE, -1);
        }
        Long last = lastStep.get(serial);
        if (last != null && step.get() <= last) {
            return new Verification(Check.REUSED_CODE, step.get());
        }
        return new Verification(Check.OK, step.get());
    }

    /**
     * Records {@code step} of {@code serial} as used: false when it (or a later one) already was —
     * a concurrent request with the same code got there first, so this one is a reuse.
     */
    public synchronized boolean consume(String serial, long step) {
        Long last = lastStep.get(serial);
        if (last != null && step <= last) {
            return false;
        }
        lastStep.put(serial, step);
        return true;
    }

    /** Checks {@code code} for {@code serial} on behalf of {@code userArn}, consuming it when valid. */
    public synchronized Check check(String serial, String code, String userArn, Instant now) {
        Verification v = verify(serial, code, userArn, now);
        if (v.check() != Check.OK) {
            return v.check();
        }
        return consume(serial, v.step()) ? Check.OK : Check.REUSED_CODE;
    }

    /** The last time step each device accepted, so a restarted sandbox still refuses a used code. */
    public Map<String, Long> usedSteps() {
        return Map.copyOf(lastStep);
    }

    public void restoreUsedStep(String serial, long step) {
        lastStep.merge(serial, step, Math::max);
    }
}
