/**
 * Stage 5, MFA and sessions: base credentials ({@code BaseCredentials}), the STS calls of a
 * credential plan ({@code CredentialBroker}), MFA code sources, the session cache, AWS profiles,
 * and the caller-facing flows of login, whoami and doctor. May import {@code auth}, {@code aws},
 * {@code config} and below; never {@code plan}, {@code run} or {@code cli}.
 */
package dev.guard.credentials;
