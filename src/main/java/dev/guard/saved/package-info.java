/**
 * Saved plans (DESIGN.md §7.1): {@link dev.guard.saved.SavedPlan} is the file {@code guard plan
 * --live -o FILE} writes and {@code guard show}, {@code guard approve} and {@code guard apply} read —
 * what was seen (every target's fingerprint), what will be done, a digest over all of it and an
 * expiry.
 *
 * <p>May import everything below it (run and what run may import); never approval, apply, cli or
 * sandbox.
 */
package dev.guard.saved;
