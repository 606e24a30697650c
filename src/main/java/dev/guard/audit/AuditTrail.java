package dev.guard.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a run writes what it did. An implementation that cannot write must throw: a destructive
 * run does not go on unaudited. The exceptions are {@link AuditEvent.Cancelled} and {@link
 * AuditEvent.Failed}, written while a run is already failing: they never throw over that error.
 */
public interface AuditTrail {
    void write(AuditEvent event);

    /** For callers that keep no log (tests of pure logic). */
    AuditTrail NONE = event -> {};

    /** Keeps every event in memory, in order, for a test to read back. Thread-safe. */
    final class Recording implements AuditTrail {
        private final List<AuditEvent> events = new ArrayList<>();

        @Override
        public synchronized void write(AuditEvent event) {
            events.add(event);
        }

        public synchronized List<AuditEvent> events() {
            return List.copyOf(events);
        }
    }
}
