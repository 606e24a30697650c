package dev.guard.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${name}} references: found, checked, substituted once, and escapable as {@code $${}. */
class TemplatesTest {
    private static final Position AT = new Position(7, 9);
    private final Problems problems = new Problems(Path.of("t.yaml"));

    @Test
    void referencesAreFoundInOrderOnce() {
        assertThat(Templates.references(string("${env}-${name}-${env}"), problems))
                .containsExactly("env", "name");
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void anEscapedReferenceIsNoReference() {
        assertThat(Templates.references(string("cost $${notAParam} and ${real}"), problems))
                .containsExactly("real");
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void anUnterminatedReferenceIsReportedAtTheValue() {
        assertThat(Templates.references(string("${table"), problems)).isEmpty();
        assertThat(messages()).containsExactly("t.yaml:7:9: unterminated parameter reference '${' in '${table'");
    }

    @Test
    void aReferenceToSomethingThatCannotBeANameIsReported() {
        assertThat(Templates.references(string("${instance-id}"), problems)).isEmpty();
        assertThat(Templates.references(string("${}"), problems)).isEmpty();
        assertThat(messages())
                .containsExactly(
                        "t.yaml:7:9: '${instance-id}' is not a parameter reference (names are letters, digits, _)",
                        "t.yaml:7:9: '${}' is not a parameter reference (names are letters, digits, _)");
    }

    @Test
    void onlyStringsHoldReferences() {
        Scalar number = new Scalar("42", Scalar.Kind.INTEGER, AT);

        assertThat(Templates.references(number, problems)).isEmpty();
        assertThat(Templates.isTemplated(number)).isFalse();
        assertThat(Templates.isTemplated(string("a ${b}"))).isTrue();
        assertThat(Templates.isTemplated(string("a $b"))).isFalse();
    }

    @Test
    void substitutionRecordsWhichParametersMadeTheValue() {
        Scalar out = Templates.substitute(string("${env}/${key}"), Map.of("env", "prod", "key", "a.json"));

        assertThat(out.text()).isEqualTo("prod/a.json");
        assertThat(out.parameters()).containsExactly("env", "key");
        assertThat(out.position()).isEqualTo(AT);
        assertThat(Fields.origin(out)).isEqualTo(" (from parameters env, key)");
    }

    @Test
    void substitutionIsNotRecursive() {
        Scalar out = Templates.substitute(string("${a}"), Map.of("a", "${b}", "b", "boom"));

        assertThat(out.text()).isEqualTo("${b}");
        assertThat(out.parameters()).containsExactly("a");
    }

    @Test
    void anEscapeBecomesALiteralDollarBrace() {
        Scalar out = Templates.substitute(string("$${a} ${a}"), Map.of("a", "x"));

        assertThat(out.text()).isEqualTo("${a} x");
    }

    @Test
    void replacementTextIsTakenLiterally() {
        // $ and \ mean something to Matcher.appendReplacement; a parameter value must not.
        Scalar out = Templates.substitute(string("${a}"), Map.of("a", "$1\\n"));

        assertThat(out.text()).isEqualTo("$1\\n");
    }

    @Test
    void anUnknownReferenceIsLeftAsWritten() {
        Scalar out = Templates.substitute(string("${a}-${missing}"), Map.of("a", "x"));

        assertThat(out.text()).isEqualTo("x-${missing}");
        assertThat(out.parameters()).containsExactly("a");
    }

    @Test
    void substitutionThroughATreeKeepsEveryPosition() {
        Position listAt = new Position(3, 5);
        MapNode tree = new MapNode(
                List.of(new MapNode.Entry("ids", new Position(3, 1), new SeqNode(List.of(string("${id}")), listAt))),
                new Position(2, 1));

        MapNode out = (MapNode) Templates.substitute(tree, Map.of("id", "i-0123456789abcdef0"));

        SeqNode ids = (SeqNode) out.get("ids").orElseThrow();
        assertThat(ids.position()).isEqualTo(listAt);
        assertThat(ids.items())
                .singleElement()
                .isEqualTo(new Scalar("i-0123456789abcdef0", Scalar.Kind.STRING, AT, java.util.Set.of("id"), true));
        assertThat(out.entry("ids").orElseThrow().keyPosition()).isEqualTo(new Position(3, 1));
    }

    @Test
    void anEscapedReferenceIsFinalTextAfterSubstitutionSoItsShapeIsChecked() {
        Scalar out = Templates.substitute(string("literal-$${x}"), Map.of());
        assertThat(out.text()).isEqualTo("literal-${x}");
        assertThat(Templates.isTemplated(out)).isFalse();
        Scalar missing = Templates.substitute(string("${gone}-$${x}"), Map.of());
        assertThat(Templates.isTemplated(missing)).isTrue();
    }

    private static Scalar string(String text) {
        return new Scalar(text, Scalar.Kind.STRING, AT);
    }

    private List<String> messages() {
        return problems.sorted().stream().map(Problem::toString).toList();
    }
}
