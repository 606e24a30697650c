/**
 * Stage 1, load: the runbook model (steps, targets, guards, confirmation, parameters) and its
 * parser over {@code yaml}, with AWS identifier and region rules. May import {@code yaml}, {@code
 * error}, {@code term}, {@code json}.
 */
package dev.guard.runbook;
