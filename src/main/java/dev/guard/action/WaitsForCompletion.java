package dev.guard.action;

/**
 * A capability: the action's change completes after AWS has answered (an instance stops, a table
 * is deleted), so a step may {@code wait:} for it — {@link Operation#await} polls until it has —
 * and the plan says whether it will. Actions without it are done when AWS answers.
 */
public interface WaitsForCompletion {}
