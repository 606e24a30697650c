/**
 * Ad-hoc access on the same MFA session (DESIGN.md §8): credentials for {@code guard exec}, {@code
 * guard env} and {@code guard credential-process}, taken from the MFA session runs use (one code
 * serves both), optionally limited by a session policy ({@code --read-only}), each use one line in
 * the audit log. May import audit, credentials, config, auth, runbook, json, error and below; never
 * run, cli or anything above.
 */
package dev.guard.access;
