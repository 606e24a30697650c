package dev.guard.auth;

/** How guard obtains the credentials one step runs with. */
public enum Strategy {
    /** A direct AssumeRole that sends the MFA code; the role's trust policy checks it. */
    ASSUME_ROLE_WITH_MFA("AssumeRole with MFA"),
    /** The caller's own GetSessionToken session, with MFA context on every call it makes. */
    SESSION_TOKEN_WITH_MFA("GetSessionToken with MFA"),
    /** AssumeRole called with an MFA GetSessionToken session: one code serves many roles. */
    SESSION_TOKEN_THEN_ASSUME_ROLE("GetSessionToken with MFA, then AssumeRole"),
    /** AssumeRole without MFA, for steps that do not require it. */
    ASSUME_ROLE("AssumeRole, no MFA"),
    /** The base credentials as they are, for same-account steps that do not require MFA. */
    BASE_CREDENTIALS("your base credentials, no MFA");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    /** The wording shown in plans, e.g. {@code GetSessionToken with MFA, then AssumeRole}. */
    public String label() {
        return label;
    }
}
