/**
 * The actions and their contract: {@code Action} (offline: inputs, warnings, metadata), {@code
 * Operation} (online: discover, dry run, change, wait), {@code StepContext}, {@code Target},
 * {@code Outcome}, {@code StopSignal}; one subpackage per AWS service. Registered in {@code
 * ActionRegistry}. May import {@code aws}, {@code auth}, {@code config}, {@code runbook} and below;
 * never {@code plan}, {@code run} or {@code cli}.
 */
package dev.guard.action;
