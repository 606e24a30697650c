/**
 * The operator's config ({@code guard.yaml}): accounts, roles, MFA device, sessions, audit log,
 * and the environment guard reads ({@code Environment}, the one seam for variables and paths). May
 * import {@code runbook} and what it may.
 */
package dev.guard.config;
