package dev.guard.sandbox.iam;

/**
 * IAM's wildcard patterns: {@code *} matches any run of characters (including none), {@code ?}
 * exactly one; every other character is literal.
 */
final class Wildcard {
    private Wildcard() {}

    static boolean matches(String pattern, String value, boolean ignoreCase) {
        int p = 0;
        int v = 0;
        int starAt = -1;
        int valueAtStar = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                valueAtStar = v;
            } else if (p < pattern.length()
                    && (pattern.charAt(p) == '?' || same(pattern.charAt(p), value.charAt(v), ignoreCase))) {
                p++;
                v++;
            } else if (starAt >= 0) {
                p = starAt + 1;
                v = ++valueAtStar;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        if (a == b) {
            return true;
        }
        return ignoreCase
                && (Character.toLowerCase(a) == Character.toLowerCase(b)
                        || Character.toUpperCase(a) == Character.toUpperCase(b));
    }

    /** An ARN pattern, case-sensitive: each of the six colon-separated parts is matched on its own. */
    static boolean matchesArn(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternParts = pattern.split(":", 6);
        String[] arnParts = arn.split(":", 6);
        if (patternParts.length != 6 || arnParts.length != 6) {
            return matches(pattern, arn, false);
        }
        for (int i = 0; i < 6; i++) {
            if (!matches(patternParts[i], arnParts[i], false)) {
                return false;
            }
        }
        return true;
    }
}
