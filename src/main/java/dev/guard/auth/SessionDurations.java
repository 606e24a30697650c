package dev.guard.auth;

/**
 * How long the sessions guard asks STS for should last.
 *
 * @param sessionTokenSeconds GetSessionToken duration for an IAM user, 900..129600 (36 h)
 * @param roleSeconds AssumeRole duration, 900..43200; the role's own maximum may be lower
 */
public record SessionDurations(int sessionTokenSeconds, int roleSeconds) {
    public static final int MIN_SECONDS = 900;
    public static final int MAX_SESSION_TOKEN_SECONDS = 129_600;
    public static final int MAX_ROLE_SECONDS = 43_200;
    /** AWS caps a role session assumed with temporary credentials ("role chaining") at one hour. */
    public static final int ROLE_CHAINING_LIMIT_SECONDS = 3_600;

    /** 12 h sessions (STS's GetSessionToken default) and 1 h role sessions (AssumeRole's). */
    public static final SessionDurations DEFAULTS = new SessionDurations(43_200, 3_600);

    public SessionDurations {
        if (sessionTokenSeconds < MIN_SECONDS || sessionTokenSeconds > MAX_SESSION_TOKEN_SECONDS) {
            throw new IllegalArgumentException("session token duration must be between " + MIN_SECONDS + " and "
                    + MAX_SESSION_TOKEN_SECONDS + " seconds, got " + sessionTokenSeconds);
        }
        if (roleSeconds < MIN_SECONDS || roleSeconds > MAX_ROLE_SECONDS) {
            throw new IllegalArgumentException("role session duration must be between " + MIN_SECONDS + " and "
                    + MAX_ROLE_SECONDS + " seconds, got " + roleSeconds);
        }
    }

    /** The role duration guard may ask for when the caller's credentials are themselves temporary. */
    public int chainedRoleSeconds() {
        return Math.min(roleSeconds, ROLE_CHAINING_LIMIT_SECONDS);
    }
}
