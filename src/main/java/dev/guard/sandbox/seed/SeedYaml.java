package dev.guard.sandbox.seed;

import dev.guard.yaml.Fields;
import dev.guard.yaml.Position;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.SeqNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The few reading patterns the seed needs on top of {@link Fields}. */
final class SeedYaml {
    private SeedYaml() {}

    /** An optional list of mappings under {@code key}; each comes back as fields named {@code key[i]}. */
    static List<Fields> items(Fields parent, String key) {
        List<Fields> out = new ArrayList<>();
        parent.node(key, false).ifPresent(n -> {
            if (!(n instanceof SeqNode seq)) {
                parent.problems().add(n.position(), parent.child(key) + ": expected a list, got " + n.kindName());
                return;
            }
            for (int i = 0; i < seq.items().size(); i++) {
                Fields.of(seq.items().get(i), parent.child(key) + "[" + i + "]", parent.problems())
                        .ifPresent(out::add);
            }
        });
        return out;
    }

    /** A string checked by {@code rule}; the text comes back even when the rule objects. */
    static Optional<Scalar> string(
            Fields f, String key, boolean required, boolean numbersOk, Function<String, Optional<String>> rule) {
        Optional<Scalar> s = f.string(key, required, numbersOk);
        s.ifPresent(v ->
                rule.apply(v.text()).ifPresent(why -> f.problems().add(v.position(), f.child(key) + ": " + why)));
        return s;
    }

    static Optional<Scalar> string(Fields f, String key, Function<String, Optional<String>> rule) {
        return string(f, key, true, false, rule);
    }

    /** Text of an optional scalar, or "" when it was missing (a problem is already recorded). */
    static String text(Optional<Scalar> s) {
        return s.map(Scalar::text).orElse("");
    }

    /**
     * Names that must be unique within a scope (account ids, user names, access key ids, ...): the
     * second use of a name is a problem pointing back at the first.
     */
    static final class Unique {
        private final String what;
        private final Problems problems;
        private final Map<String, Position> seen = new HashMap<>();

        Unique(String what, Problems problems) {
            this.what = what;
            this.problems = problems;
        }

        void claim(Optional<Scalar> name, String where) {
            name.ifPresent(s -> {
                Position first = seen.putIfAbsent(s.text(), s.position());
                if (first != null) {
                    problems.add(
                            s.position(),
                            where + ": duplicate " + what + " '" + s.text() + "' (first defined at " + first + ")");
                }
            });
        }
    }
}
