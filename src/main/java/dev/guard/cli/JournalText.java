package dev.guard.cli;

import dev.guard.json.JsonReader;
import dev.guard.term.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's journal for a person: one aligned line per request — time, status, decision,
 * principal (short), action, resource, and why (the deciding statement, or for an implicit deny the
 * closest miss and the condition it failed on). Every value is escaped for the terminal.
 */
final class JournalText {
    private static final String[] HEADER = {"TIME", "STATUS", "DECISION", "PRINCIPAL", "ACTION", "RESOURCE", "WHY"};

    /** The services' answers to an operation the sandbox does not model. */
    private static final java.util.Set<String> UNMODELLED =
            java.util.Set.of("NotImplemented", "InvalidAction", "UnknownOperationException");

    private JournalText() {}

    /** The lines of one read, aligned among themselves (and at least as wide as {@code widths}, which grow). */
    static List<String> format(List<String> jsonLines, int[] widths) {
        List<String[]> rows = new ArrayList<>();
        for (String line : jsonLines) {
            rows.add(columns(line));
        }
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                b.append(row[i]).append(" ".repeat(widths[i] - row[i].length())).append("  ");
            }
            out.add(b.append(row[widths.length]).toString().stripTrailing());
        }
        return out;
    }

    /** Starting widths: a time of day, and the header words, so a short journal still lines up. */
    static int[] widths() {
        int[] widths = new int[HEADER.length - 1];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = HEADER[i].length();
        }
        widths[0] = "00:00:00.000".length();
        return widths;
    }

    /** The header line, at the widths the first lines need. */
    static String header(int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            b.append(HEADER[i])
                    .append(" ".repeat(widths[i] - HEADER[i].length()))
                    .append("  ");
        }
        return b.append(HEADER[widths.length]).toString();
    }

    /** Widths the lines of one read need, without formatting them. */
    static void grow(List<String> jsonLines, int[] widths) {
        for (String line : jsonLines) {
            String[] row = columns(line);
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
    }

    private static String[] columns(String jsonLine) {
        Map<?, ?> e = (Map<?, ?>) JsonReader.parse(jsonLine);
        String time = text(e.get("time"));
        // 2026-12-01T06:54:51.123Z → 06:54:51.123: the date is the same all session long.
        int t = time.indexOf('T');
        String clock = t >= 0 ? time.substring(t + 1).replace("Z", "") : time;
        clock = clock.length() > 12 ? clock.substring(0, 12) : clock;
        return new String[] {
            Printable.of(clock),
            Printable.of(text(e.get("status"))),
            Printable.of(text(e.get("decision"))),
            Printable.of(principal(text(e.get("principal")))),
            Printable.of(text(e.get("action"))),
            Printable.of(text(e.get("resource"))),
            Printable.of(why(e))
        };
    }

    /** The deciding statement, or the closest miss and its failed condition, or the reason. */
    private static String why(Map<?, ?> e) {
        String kind = e.get("policyKind") == null ? "" : " (" + text(e.get("policyKind")) + ")";
        if (e.get("statement") != null) {
            boolean allowed = "allow".equals(e.get("policyDecision")) || "allowed".equals(e.get("decision"));
            String verb = allowed ? "allowed by " : "denied by ";
            return verb + text(e.get("statement")) + kind;
        }
        if (e.get("closestMiss") != null) {
            String condition = e.get("failedCondition") instanceof Map<?, ?> c ? ": " + condition(c) : "";
            return "no statement allows" + kind + "; closest " + text(e.get("closestMiss")) + condition;
        }
        if (e.get("reason") != null) {
            return text(e.get("reason"));
        }
        return UNMODELLED.contains(e.get("decision")) ? "not modelled by the sandbox: refused, nothing changed" : "";
    }

    private static String condition(Map<?, ?> c) {
        List<?> expected = c.get("expected") instanceof List<?> l ? l : List.of();
        List<?> actual = c.get("actual") instanceof List<?> l ? l : List.of();
        return text(c.get("operator")) + " " + text(c.get("key")) + " expects " + join(expected) + ", request has "
                + (actual.isEmpty() ? "none" : join(actual));
    }

    private static String join(List<?> values) {
        return String.join(",", values.stream().map(JournalText::text).toList());
    }

    /** arn:aws:iam::111111111111:user/alice → alice; …:assumed-role/Role/me → Role/me; …:root → root@ACCOUNT. */
    static String principal(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            return arn;
        }
        String resource = parts[5];
        if (resource.startsWith("user/")) {
            return resource.substring(resource.lastIndexOf('/') + 1);
        }
        if (resource.startsWith("assumed-role/")) {
            return resource.substring("assumed-role/".length());
        }
        return resource + "@" + parts[4];
    }

    private static String text(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }
}
