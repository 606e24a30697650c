/**
 * How long the sandbox's resources take to change state: AWS-like transition times, scaled by a
 * speed factor, resolved lazily from the sandbox's clock (a resource records "in this state until
 * T" and the next request that reads it settles it; no background thread).
 */
package dev.guard.sandbox.timing;
