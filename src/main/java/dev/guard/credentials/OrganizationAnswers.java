package dev.guard.credentials;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.JsonException;
import dev.guard.json.JsonReader;
import dev.guard.plan.Organization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One page of an AWS Organizations answer, checked field by field before guard uses it: an account
 * id becomes a target (twelve digits, or the plan would fail deep inside), a status decides what is
 * left out, a name is shown. Anything else — not JSON, a field of the wrong kind — is refused in one
 * line naming the operation, exit 1: an endpoint that answers so is not Organizations.
 */
final class OrganizationAnswers {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    // ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, and whatever AWS adds in the same form.
    private static final Pattern STATUS = Pattern.compile("[A-Z][A-Z_]{0,63}");

    private OrganizationAnswers() {}

    /** A 2xx answer's body as a JSON object (an empty body is an empty object). */
    static Map<String, Object> parse(String operation, byte[] answer) {
        try {
            return JsonReader.parseObject(answer.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : answer);
        } catch (JsonException e) {
            throw notItsJson(operation, "the answer " + e.getMessage());
        }
    }

    /** The page's accounts: each with a 12-digit Id, a Name, and State (or the older Status). */
    static List<Organization.MemberAccount> accounts(String operation, Map<String, Object> page) {
        return items(operation, page, "Accounts", (a, where) -> {
            String id = string(operation, a, "Id", where);
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw notItsJson(operation, where + "'s Id is not 12 digits");
            }
            // State replaced the deprecated Status in 2025; an older endpoint sends only Status.
            String state = string(operation, a, a.get("State") != null ? "State" : "Status", where);
            if (!STATUS.matcher(state).matches()) {
                throw notItsJson(operation, where + "'s State is not an account state");
            }
            return new Organization.MemberAccount(id, string(operation, a, "Name", where), state);
        });
    }

    /** The page's tags, each a Key and a Value. */
    static List<Map.Entry<String, String>> tags(String operation, Map<String, Object> page) {
        return items(
                operation,
                page,
                "Tags",
                (t, where) -> Map.entry(string(operation, t, "Key", where), string(operation, t, "Value", where)));
    }

    /** The token of the next page, if there is one. */
    static Optional<String> nextToken(String operation, Map<String, Object> page) {
        Object token = page.get("NextToken");
        if (token != null && !(token instanceof String)) {
            throw notItsJson(operation, "its NextToken is not text");
        }
        return Optional.ofNullable((String) token).filter(t -> !t.isEmpty());
    }

    static GuardException notItsJson(String operation, String what) {
        return new GuardException(
                ExitCode.ACTION_FAILED,
                "AWS Organizations answered something that is not its JSON (" + operation + "): " + what);
    }

    private interface Item<T> {
        T read(Map<?, ?> item, String where);
    }

    private static <T> List<T> items(String operation, Map<String, Object> page, String key, Item<T> read) {
        if (!(page.get(key) instanceof List<?> list)) {
            throw notItsJson(operation, key + " is " + (page.containsKey(key) ? "not a list" : "missing"));
        }
        List<T> out = new ArrayList<>(list.size());
        String noun = key.substring(0, key.length() - 1).toLowerCase(Locale.ROOT); // "account", "tag"
        for (int i = 0; i < list.size(); i++) {
            String where = noun + " " + (i + 1) + " of the page";
            if (!(list.get(i) instanceof Map<?, ?> item)) {
                throw notItsJson(operation, where + " is not an object");
            }
            out.add(read.read(item, where));
        }
        return out;
    }

    private static String string(String operation, Map<?, ?> item, String field, String where) {
        if (!(item.get(field) instanceof String s)) {
            throw notItsJson(
                    operation, where + "'s " + field + " is " + (item.get(field) == null ? "missing" : "not text"));
        }
        return s;
    }
}
