/**
 * The audit log: the typed events a run records ({@link dev.guard.audit.AuditEvent}), the trail
 * a run writes them to ({@link dev.guard.audit.AuditTrail}; {@link dev.guard.audit.RunAudit} is
 * one run's trail in the log), and the hash-chained file itself with its verification ({@link
 * dev.guard.audit.AuditLog}).
 *
 * <p>May import action (the targets and outcomes it records), lock (the process that ran), json
 * and error. Never run, cli or anything above: the run depends on the audit, not the reverse.
 */
package dev.guard.audit;
