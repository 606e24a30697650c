package dev.guard.credentials;

import dev.guard.config.Environment;
import dev.guard.error.GuardException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The AWS endpoint a run talks to, from {@code --endpoint-url} or {@code AWS_ENDPOINT_URL}. Here,
 * with the connection it builds, because what makes an endpoint acceptable (http(s), a host, a real
 * port, no password that would reach the audit log) holds whoever asks for one.
 */
public final class Endpoints {
    private Endpoints() {}

    /** The flag's URL, else the environment's; empty for AWS itself. */
    public static Optional<URI> chosen(Optional<String> endpointUrl, Environment env) {
        return endpointUrl
                .map(u -> parse(u, "--endpoint-url"))
                .or(() -> env.get("AWS_ENDPOINT_URL").filter(u -> !u.isBlank()).map(u -> parse(u, "AWS_ENDPOINT_URL")));
    }

    /** {@code url} checked; {@code from} names where it came from in the error. */
    public static URI parse(String url, String from) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw GuardException.invalid(from + " '" + withoutUserInfo(url) + "' is not an http(s) URL");
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw GuardException.invalid(from + " '" + withoutUserInfo(url) + "' is not an http(s) URL");
        }
        // The endpoint is recorded in the audit log and shown in messages; a password in it would be
        // too. AWS endpoints take no user name, so one here is a mistake worth stopping at.
        if (uri.getRawUserInfo() != null) {
            throw GuardException.invalid(from + " '" + withoutUserInfo(url) + "' has a user name or password in"
                    + " it; AWS endpoints take none, and guard would record it in the audit log: give the URL"
                    + " without it. Nothing was sent.");
        }
        // URI accepts any number of digits that fit an int; the HTTP client then fails on the first
        // call with an error no one can act on.
        if (uri.getPort() > 65535) {
            throw GuardException.invalid(from + " '" + withoutUserInfo(url) + "' has port " + uri.getPort()
                    + "; a port is 1-65535. Nothing was sent.");
        }
        return uri;
    }

    /**
     * The URL as it may be shown: everything before its last {@code @} hidden but the scheme, in
     * case it is a user name and password (even in a URL too broken to parse).
     */
    public static String withoutUserInfo(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int scheme = url.indexOf("://");
        String kept = scheme >= 0 && scheme < at ? url.substring(0, scheme + 3) : "";
        return kept + "…" + url.substring(at);
    }
}
