/**
 * Approvals (DESIGN.md §7.2): objects in an S3 approvals store, one per approver and plan digest,
 * written with MFA under {@code PREFIX/${aws:username}/} so that IAM itself proves who approved;
 * counting them against a runbook's {@code approval:} policy.
 *
 * <p>May import everything below it (saved, run and what they may import); never apply, cli or
 * sandbox.
 */
package dev.guard.approval;
