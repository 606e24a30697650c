/**
 * The actions and their contract: {@code Action} (offline: inputs, warnings, its {@code
 * ActionMetadata} record), {@code Operation} (online: discover, dry run, change, wait), {@code
 * StepContext}, {@code Target}, {@code Outcome}, {@code StopSignal}, and the capabilities the
 * engine checks with {@code instanceof} ({@code WaitsForCompletion}, {@code InBucket}, {@code
 * TargetsById}); one subpackage per AWS service, each action with its {@code with:} schema
 * fragment beside it. Registered in {@code ActionRegistry}, one line each. May import {@code aws}, {@code auth}, {@code config}, {@code runbook} and below;
 * never {@code plan}, {@code run} or {@code cli}.
 */
package dev.guard.action;
