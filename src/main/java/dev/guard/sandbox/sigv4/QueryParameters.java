package dev.guard.sandbox.sigv4;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The query string as received, split into decoded parameters. AWS canonicalises by decoding each
 * name and value and encoding it again, so {@code %7E}, {@code ~} and {@code %7e} all sign alike.
 */
final class QueryParameters {
    private static final Comparator<Parameter> BY_NAME_THEN_VALUE =
            Comparator.comparing(Parameter::name).thenComparing(Parameter::value);

    private final String rawQuery;
    private final List<Parameter> parameters;

    private QueryParameters(String rawQuery, List<Parameter> parameters) {
        this.rawQuery = rawQuery;
        this.parameters = parameters;
    }

    /**
     * Parses {@code rawQuery} (null or empty for none). A {@code +} is a literal plus unless {@code
     * plusIsSpace}: SigV4 clients encode a plus as %2B and a space as %20, but form encoders send a
     * space as {@code +}.
     */
    static QueryParameters parse(String rawQuery, boolean plusIsSpace) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParameters("", List.of());
        }
        List<Parameter> parameters = new ArrayList<>();
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                int equals = rawQuery.indexOf('=', start);
                boolean hasValue = equals >= 0 && equals < end;
                String name = rawQuery.substring(start, hasValue ? equals : end);
                String value = hasValue ? rawQuery.substring(equals + 1, end) : "";
                parameters.add(
                        new Parameter(UriEncoding.decode(name, plusIsSpace), UriEncoding.decode(value, plusIsSpace)));
            }
            start = end + 1;
        }
        return new QueryParameters(rawQuery, List.copyOf(parameters));
    }

    /** True when the raw query has a {@code +} that another reading could take for a space. */
    boolean hasPlus() {
        return rawQuery.indexOf('+') >= 0;
    }

    /** The first decoded value of a parameter, or null. */
    String first(String name) {
        for (Parameter parameter : parameters) {
            if (parameter.name().equals(name)) {
                return parameter.value();
            }
        }
        return null;
    }

    /**
     * The canonical query string: every parameter but {@code excluded} (null for none) and empty
     * names, encoded, sorted by name then value, joined with {@code &}.
     */
    String canonical(String excluded) {
        if (parameters.isEmpty()) {
            return "";
        }
        List<Parameter> encoded = new ArrayList<>(parameters.size());
        for (Parameter parameter : parameters) {
            if (!parameter.name().isEmpty() && !parameter.name().equals(excluded)) {
                encoded.add(new Parameter(
                        UriEncoding.encode(parameter.name(), false), UriEncoding.encode(parameter.value(), false)));
            }
        }
        // Sorted by encoded name, then encoded value (not as "name=value" strings: '=' sorts after
        // digits, so "a0" would come before "a").
        encoded.sort(BY_NAME_THEN_VALUE);
        StringBuilder out = new StringBuilder(rawQuery.length() + 32);
        for (Parameter parameter : encoded) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(parameter.name()).append('=').append(parameter.value());
        }
        return out.toString();
    }

    record Parameter(String name, String value) {}
}
