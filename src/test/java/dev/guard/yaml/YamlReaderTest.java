package dev.guard.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reader gives every value its exact 1-based position and refuses YAML features guard has no use for. */
class YamlReaderTest {
    private Problems problems = new Problems(Path.of("t.yaml"));

    @Test
    void positionsAreOneBasedLineAndColumnOfKeysAndValues() {
        MapNode root = (MapNode) read("a: 1\nb:\n  c: x\n  d: [p, q]\n").orElseThrow();

        assertThat(root.position()).isEqualTo(new Position(1, 1));
        assertThat(root.entry("a").orElseThrow().keyPosition()).isEqualTo(new Position(1, 1));
        assertThat(root.get("a").orElseThrow().position()).isEqualTo(new Position(1, 4));
        MapNode b = (MapNode) root.get("b").orElseThrow();
        assertThat(b.position()).isEqualTo(new Position(3, 3));
        assertThat(b.entry("c").orElseThrow().keyPosition()).isEqualTo(new Position(3, 3));
        assertThat(b.get("c").orElseThrow().position()).isEqualTo(new Position(3, 6));
        SeqNode d = (SeqNode) b.get("d").orElseThrow();
        assertThat(d.position()).isEqualTo(new Position(4, 6));
        assertThat(d.items()).extracting(Node::position).containsExactly(new Position(4, 7), new Position(4, 10));
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void blockListItemsArePositionedAtTheirValue() {
        SeqNode list = (SeqNode) read("- one\n-   two\n").orElseThrow();

        assertThat(list.items()).extracting(Node::position).containsExactly(new Position(1, 3), new Position(2, 5));
    }

    @Test
    void anUnquotedYesArrivesAsABooleanThatKeepsItsSpelling() {
        MapNode root = (MapNode)
                read("a: yes\nb: 'yes'\nc: on\nd: ~\ne: 1.5\nf: 007\n").orElseThrow();

        assertThat(scalar(root, "a")).isEqualTo(new Scalar("yes", Scalar.Kind.BOOLEAN, new Position(1, 4)));
        assertThat(scalar(root, "b").kind()).isEqualTo(Scalar.Kind.STRING);
        assertThat(scalar(root, "c")).extracting(Scalar::text, Scalar::kind).containsExactly("on", Scalar.Kind.BOOLEAN);
        assertThat(scalar(root, "d").isNull()).isTrue();
        assertThat(scalar(root, "e").kind()).isEqualTo(Scalar.Kind.FLOAT);
        // The source spelling is kept, so a leading zero is not silently lost.
        assertThat(scalar(root, "f").text()).isEqualTo("007");
    }

    @Test
    void aDuplicateKeyIsReportedWithBothPositionsAndTheFirstValueKept() {
        MapNode root = (MapNode) read("a: 1\nb: 2\na: 3\n").orElseThrow();

        assertThat(messages()).containsExactly("t.yaml:3:1: duplicate key 'a' (first defined at 1:1)");
        assertThat(scalar(root, "a").text()).isEqualTo("1");
    }

    @Test
    void anAliasIsReportedAndNeverReadAsItsName() {
        MapNode root = (MapNode) read("a: &x foo\nb: *x\n").orElseThrow();

        // The anchor on a scalar is refused too (Jackson's YAML parser let it pass silently).
        assertThat(messages())
                .containsExactly(
                        "t.yaml:1:4: YAML anchors (&x) are not allowed",
                        "t.yaml:2:4: YAML aliases (*x) are not allowed; write the value out");
        assertThat(scalar(root, "b").isNull()).isTrue();
    }

    @Test
    void anAliasAsAKeyIsRefusedAndItsEntryDropped() {
        MapNode root = (MapNode) read("a: 1\n*x : 2\nc: 3\n").orElseThrow();

        assertThat(messages()).containsExactly("t.yaml:2:1: anchors, aliases and tags are not allowed in keys");
        assertThat(root.entries()).extracting(MapNode.Entry::key).containsExactly("a", "c");
    }

    @Test
    void scalarKindsFollowYaml11ForPlainTextAndQuotedTextIsAlwaysAString() {
        MapNode root = (MapNode)
                read("a: 1_000\nb: 0x1F\nc: '12'\nd: \"\"\ne:\nf: 1:30\ng: 2024-01-01\nh: .inf\ni: 'null'\nj: NO\n")
                        .orElseThrow();

        assertThat(scalar(root, "a"))
                .extracting(Scalar::text, Scalar::kind)
                .containsExactly("1_000", Scalar.Kind.INTEGER);
        assertThat(scalar(root, "b"))
                .extracting(Scalar::text, Scalar::kind)
                .containsExactly("0x1F", Scalar.Kind.INTEGER);
        assertThat(scalar(root, "c").kind()).isEqualTo(Scalar.Kind.STRING);
        assertThat(scalar(root, "d")).extracting(Scalar::text, Scalar::kind).containsExactly("", Scalar.Kind.STRING);
        assertThat(scalar(root, "e")).extracting(Scalar::text, Scalar::kind).containsExactly("", Scalar.Kind.STRING);
        // Base 60 and timestamps stay text: guard has no use for either.
        assertThat(scalar(root, "f"))
                .extracting(Scalar::text, Scalar::kind)
                .containsExactly("1:30", Scalar.Kind.STRING);
        assertThat(scalar(root, "g").kind()).isEqualTo(Scalar.Kind.STRING);
        assertThat(scalar(root, "h").kind()).isEqualTo(Scalar.Kind.FLOAT);
        assertThat(scalar(root, "i"))
                .extracting(Scalar::text, Scalar::kind)
                .containsExactly("null", Scalar.Kind.STRING);
        assertThat(scalar(root, "j")).extracting(Scalar::text, Scalar::kind).containsExactly("NO", Scalar.Kind.BOOLEAN);
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void anAnchorOnACollectionIsReportedOnceAtTheCollection() {
        read("a: &x {b: 1, c: 2}\nd: &y\n  e: 1\nf: &z [1]\n");

        assertThat(messages())
                .containsExactly(
                        "t.yaml:1:4: YAML anchors (&x) are not allowed",
                        "t.yaml:2:4: YAML anchors (&y) are not allowed",
                        "t.yaml:4:4: YAML anchors (&z) are not allowed");
    }

    @Test
    void aTagIsReportedOnScalarsAndCollections() {
        read("a: !!python/object:os.system \"rm\"\nb: !!map {c: 1}\n");

        assertThat(messages())
                .containsExactly(
                        "t.yaml:1:4: YAML tags (tag:yaml.org,2002:python/object:os.system) are not allowed",
                        "t.yaml:2:4: YAML tags (tag:yaml.org,2002:map) are not allowed");
    }

    @Test
    void anAnchoredKeyIsReported() {
        read("&k a: 1\n");

        assertThat(messages()).containsExactly("t.yaml:1:1: anchors, aliases and tags are not allowed in keys");
    }

    @Test
    void aComplexKeyIsRefused() {
        assertThat(read("? [a, b]\n: 1\n")).isEmpty();
        assertThat(messages()).singleElement().asString().contains("complex keys are not allowed");
    }

    @Test
    void aSecondDocumentIsReportedWhereItStarts() {
        assertThat(read("a: 1\n---\nb: 2\n")).isEmpty();
        assertThat(messages())
                .containsExactly("t.yaml:3:1: a second YAML document starts here; put one document in each file");
    }

    @Test
    void oneDocumentWithExplicitMarkersIsFine() {
        assertThat(read("---\na: 1\n...\n")).isPresent();
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void nestingDeeperThanTheLimitIsReportedWhereItGoesTooDeep() {
        String flow = "x: " + "[".repeat(40) + "1" + "]".repeat(40) + "\n";

        assertThat(read(flow)).isEmpty();
        // The root mapping is level 1, so the 32nd '[' (column 35) is level 33.
        assertThat(messages()).containsExactly("t.yaml:1:35: nesting is deeper than 32 levels");
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        String flow = "x: " + "[".repeat(31) + "1" + "]".repeat(31) + "\n";

        assertThat(read(flow)).isPresent();
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void aNonCharacterAndAnOverflowingEscapeArePositioned() {
        assertThat(read("a: 1\nb: x\uFFFEy\n")).isEmpty();
        assertThat(read("a: \"\\UFFFFFFFF\"\n")).isEmpty();

        assertThat(messages())
                .containsExactly(
                        "t.yaml:1:2: invalid YAML: malformed number: For input string: \"FFFFFFFF\" under radix 16",
                        "t.yaml:2:5: invalid YAML: special characters are not allowed");
    }

    @Test
    void aTaggedScalarIsRefusedOnceAndKeepsTheKindOfItsText() {
        MapNode root = (MapNode) read("a: !!int \"8\"\nb: !!str key\n").orElseThrow();

        assertThat(messages())
                .containsExactly(
                        "t.yaml:1:4: YAML tags (tag:yaml.org,2002:int) are not allowed",
                        "t.yaml:2:4: YAML tags (tag:yaml.org,2002:str) are not allowed");
        assertThat(scalar(root, "a").kind()).isEqualTo(Scalar.Kind.INTEGER);
    }

    @Test
    void aTagOnTheFirstKeyOfANestedMappingIsRefused() {
        read("target:\n  !!str accounts: [a]\n");

        assertThat(messages()).containsExactly("t.yaml:2:3: anchors, aliases and tags are not allowed in keys");
    }

    @Test
    void aSyntaxErrorIsPositioned() {
        assertThat(read("a: b: c\n")).isEmpty();
        assertThat(messages()).containsExactly("t.yaml:1:5: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void tabIndentationIsExplained() {
        assertThat(read("a:\n\tb: 1\n")).isEmpty();
        assertThat(messages())
                .singleElement()
                .asString()
                .startsWith("t.yaml:2:1:")
                .contains("\\t(TAB)");
    }

    @Test
    void emptyAndCommentOnlyInputAreEmptyFiles() {
        assertThat(read("")).isEmpty();
        assertThat(read("# only a comment\n")).isEmpty();
        assertThat(messages()).containsExactly("t.yaml:1:1: the file is empty");
    }

    @Test
    void aByteOrderMarkIsSkippedWithoutShiftingColumns() {
        MapNode root = (MapNode) read("\uFEFFa: 1\n").orElseThrow();

        assertThat(root.entry("a").orElseThrow().keyPosition()).isEqualTo(new Position(1, 1));
    }

    @Test
    void binaryAndNonUtf8InputAreRefusedAsFiles() {
        YamlReader.parse(new byte[] {'a', ':', 0}, problems);
        Problems latin1 = new Problems(Path.of("l.yaml"));
        YamlReader.parse(new byte[] {'a', ':', ' ', (byte) 0xE9}, latin1);

        assertThat(messages()).containsExactly("t.yaml: not a text file (contains NUL bytes); expected YAML");
        assertThat(latin1.sorted())
                .extracting(Problem::toString)
                .containsExactly("l.yaml: not valid UTF-8 text; expected YAML");
    }

    @Test
    void inputOverOneMebibyteIsRefusedBeforeParsing() {
        assertThat(YamlReader.parse(new byte[YamlReader.MAX_BYTES + 1], problems))
                .isEmpty();
        assertThat(messages()).containsExactly("t.yaml: input exceeds the 1 MiB limit");
    }

    private Optional<Node> read(String yaml) {
        return YamlReader.parse(yaml.getBytes(StandardCharsets.UTF_8), problems);
    }

    private static Scalar scalar(MapNode map, String key) {
        return (Scalar) map.get(key).orElseThrow();
    }

    private List<String> messages() {
        return problems.sorted().stream().map(Problem::toString).toList();
    }
}
