/**
 * Stages 1-4 and 8 offline: load and validate a runbook ({@code RunbookLoader}), resolve its
 * parameters, route each step to an account and region, and build the {@code Plan} with its
 * credential plan. No AWS call. May import {@code action}, {@code auth}, {@code config}, {@code
 * runbook} and below.
 */
package dev.guard.plan;
