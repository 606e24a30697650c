package dev.guard.action;

import java.time.Duration;

/** The tests' Ctrl-C: not pressed until a test presses it (or built pressed); waits never sleep. */
public final class PressedStop implements StopSignal {
    private volatile boolean pressed;

    /** A signal already pressed. */
    public static PressedStop pressed() {
        PressedStop stop = new PressedStop();
        stop.press();
        return stop;
    }

    public void press() {
        pressed = true;
    }

    @Override
    public boolean requested() {
        return pressed;
    }

    @Override
    public boolean stopWaiting() {
        return false;
    }

    @Override
    public String cause() {
        return "Ctrl-C";
    }

    @Override
    public void sleep(Duration pause) {}
}
