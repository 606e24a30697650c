package dev.guard.sandbox.persist;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many member accounts were generated ({@code --accounts N}) when a state file was written.
 * Their roles come from the seed at every start but their instances live in the state file, so a
 * restart with another N would serve accounts without instances, or instances without accounts:
 * refused instead, naming the N to use.
 */
public final class GeneratedState {
    static final String KEY = "generatedAccounts";

    private GeneratedState() {}

    /** {@code tree} with the count (absent when 0, so state files of worlds without generation are unchanged). */
    public static Map<String, Object> record(Map<String, Object> tree, int generated) {
        if (generated == 0) {
            return tree;
        }
        Map<String, Object> out = new LinkedHashMap<>(tree);
        out.put(KEY, generated);
        return out;
    }

    /** @throws StateException when the state file was written with another count */
    public static void check(Path file, Map<String, Object> tree, int generated) {
        Object saved = tree.getOrDefault(KEY, 0);
        int count = saved instanceof Number n ? n.intValue() : -1;
        if (count != generated) {
            throw new StateException(
                    file,
                    "it holds a world of " + count + " generated member accounts, not " + generated
                            + ": start with --accounts " + count + ", or use another state directory");
        }
    }
}
