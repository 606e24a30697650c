package dev.guard.access;

import dev.guard.json.Json;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Credentials handed to a person or a program, in the three forms guard gives them: a child's
 * environment ({@code guard exec}), export lines ({@code guard env}) and the JSON of {@code
 * credential_process}. {@link #toString()} never shows the secret or the token.
 *
 * @param marker the value of {@link #MARKER}: the account alias, or "session" for the MFA session
 *     itself
 * @param endpoint the endpoint guard talks to, when not AWS itself ({@code AWS_ENDPOINT_URL})
 */
public record AccessCredentials(
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        Instant expiration,
        String region,
        Optional<URI> endpoint,
        String marker) {
    /**
     * Set in every environment guard hands out, so a {@code guard exec} inside one (whose base
     * credentials would be these, not the user's) is recognised and refused (aws-vault: AWS_VAULT).
     */
    public static final String MARKER = "GUARD_EXEC";

    /** Variables that would make the AWS CLI and SDKs prefer something else over these credentials. */
    static final List<String> REMOVED = List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN");

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /** The variables guard sets, in the order {@code guard env} prints them. */
    public Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("AWS_ACCESS_KEY_ID", accessKeyId);
        v.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        v.put("AWS_SESSION_TOKEN", sessionToken);
        v.put("AWS_CREDENTIAL_EXPIRATION", expiration.toString());
        v.put("AWS_REGION", region);
        v.put("AWS_DEFAULT_REGION", region);
        endpoint.ifPresent(e -> v.put("AWS_ENDPOINT_URL", e.toString()));
        v.put(MARKER, marker);
        return v;
    }

    /** The child's environment: {@code parent}'s, without profiles, with these credentials. */
    public Map<String, String> childEnvironment(Map<String, String> parent) {
        Map<String, String> env = new LinkedHashMap<>(parent);
        REMOVED.forEach(env::remove);
        if (endpoint.isEmpty()) {
            env.remove("AWS_ENDPOINT_URL");
        }
        env.putAll(variables());
        return env;
    }

    /** Lines for {@code eval}: unset the profiles, export the variables, every value shell-quoted. */
    public List<String> exportLines() {
        List<String> lines = new ArrayList<>();
        List<String> unset = new ArrayList<>(REMOVED);
        if (endpoint.isEmpty()) {
            unset.add("AWS_ENDPOINT_URL");
        }
        lines.add("unset " + String.join(" ", unset));
        variables().forEach((k, v) -> lines.add("export " + k + "=" + shellQuoted(v)));
        return lines;
    }

    /**
     * What the AWS CLI and SDKs read from a {@code credential_process}: Version 1, the keys, the
     * token and the expiry in RFC 3339.
     */
    public String credentialProcessJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Version", 1);
        doc.put("AccessKeyId", accessKeyId);
        doc.put("SecretAccessKey", secretAccessKey);
        doc.put("SessionToken", sessionToken);
        doc.put("Expiration", expiration.toString());
        return Json.compact(doc);
    }

    /** {@code value} as one word for a POSIX shell: as it is when plain, else in single quotes. */
    public static String shellQuoted(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * Why {@code env} must not get credentials from guard again: it already holds some guard handed
     * out. Empty when it holds none.
     */
    public static Optional<String> nested(Map<String, String> env) {
        String marker = env.get(MARKER);
        if (marker == null || marker.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(MARKER + "=" + marker + " is set: this shell already runs with credentials guard"
                + " handed out (guard exec or guard env), and guard would take them for your own base"
                + " credentials; exit that shell (or unset " + MARKER + " and the AWS_* variables) first");
    }

    @Override
    public String toString() {
        return "AccessCredentials[" + accessKeyId + ", " + marker + ", expires " + expiration + "]";
    }
}
