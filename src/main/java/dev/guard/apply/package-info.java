/**
 * {@code guard apply FILE}: checks a saved plan (digest, expiry, runbook, config, account, not
 * applied before), its approvals, re-reads every target and refuses on any drift, then executes
 * exactly the plan's targets through the run pipeline, and records the applied plan.
 *
 * <p>May import everything below it (approval, saved, run and what they may import); never cli or
 * sandbox.
 */
package dev.guard.apply;
