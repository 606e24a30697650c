/**
 * Stage 4, the credential plan: pure logic that decides, for each step, GetSessionToken with MFA,
 * AssumeRole with MFA, or the base credentials, and why (DESIGN.md §1). No AWS call. May import
 * {@code config}, {@code runbook} and what they may.
 */
package dev.guard.auth;
