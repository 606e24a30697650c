package dev.guard.credentials;

/**
 * RoleSessionName as CloudTrail shows it: {@code guard-USER-RUNBOOK}, so "who ran what" is in every
 * event the role session makes. STS allows 2–64 characters of {@code [\w+=,.@-]}.
 */
public final class SessionNames {
    static final int MAX = 64;

    private SessionNames() {}

    public static String roleSessionName(String user, String runbook) {
        String name = "guard-" + clean(user) + "-" + clean(runbook);
        name = name.length() <= MAX ? name : name.substring(0, MAX);
        // A trailing separator left by the cut reads like a typo in CloudTrail.
        return name.replaceAll("[-.]+$", "");
    }

    /** SourceIdentity: 2–64 characters of {@code [\w+=,.@-]}, never starting with {@code aws:}. */
    public static String sourceIdentity(String user) {
        String id = clean(user);
        id = id.length() <= MAX ? id : id.substring(0, MAX);
        return id.length() < 2 ? "guard-" + id : id;
    }

    /** Characters STS refuses become '-'; runs of them collapse. */
    static String clean(String s) {
        String c = s.replaceAll("[^\\w+=,.@-]+", "-").replaceAll("-{2,}", "-");
        return c.isEmpty() ? "unknown" : c;
    }
}
