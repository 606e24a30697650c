package dev.guard.run;

import dev.guard.action.StopSignal;
import java.util.function.Consumer;

/**
 * How a run gets its stop signal: armed when the run starts talking to AWS, disarmed when it has
 * reported. The process's Ctrl-C and shutdown handling is {@link Interrupt#SWITCH}; a test hands
 * in a scripted signal instead.
 */
public interface StopSwitch {
    /** @param say where the operator reads what a Ctrl-C does */
    StopSignal arm(Consumer<String> say);

    /** The run has reported (or failed): Ctrl-C is the JVM's (or the shell's) again. */
    void disarm();

    /** A switch that always hands out {@code signal} (a test's script), with nothing to undo. */
    static StopSwitch of(StopSignal signal) {
        return new StopSwitch() {
            @Override
            public StopSignal arm(Consumer<String> say) {
                return signal;
            }

            @Override
            public void disarm() {}
        };
    }
}
