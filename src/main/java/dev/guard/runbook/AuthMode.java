package dev.guard.runbook;

import java.util.Optional;

/** How a runbook asks guard to obtain credentials for its steps (DESIGN.md §1). */
public enum AuthMode {
    /** guard decides per target: AssumeRole for roles, GetSessionToken for MFA resource policies. */
    AUTO("auto"),
    /** Always assume the target's role (with MFA when required). */
    ASSUME_ROLE("assume-role"),
    /** Always act as the caller's own identity through GetSessionToken (with MFA when required). */
    SESSION_TOKEN("session-token");

    private final String yaml;

    AuthMode(String yaml) {
        this.yaml = yaml;
    }

    /** The spelling used in runbooks. */
    public String yaml() {
        return yaml;
    }

    public static Optional<AuthMode> parse(String text) {
        for (AuthMode m : values()) {
            if (m.yaml.equals(text)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
