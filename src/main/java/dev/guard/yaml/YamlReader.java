package dev.guard.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a YAML file into a positioned {@link Node} tree, defensively. Hostile input can neither
 * exhaust memory nor slip through: size, nesting depth and string length are bounded, and the
 * YAML features guard has no use for — anchors, aliases, tags, several documents — are errors
 * (a YAML library would otherwise expand an alias, or read it as its bare name). Duplicate keys
 * are reported with both positions. SnakeYAML's parser is used directly, event by event.
 */
public final class YamlReader {
    /** Runbooks and config files are small; anything bigger is a mistake or an attack. */
    public static final int MAX_BYTES = 1024 * 1024;

    public static final int MAX_DEPTH = 32;

    private YamlReader() {}

    /** Reads and parses {@code file}; on any problem, records it and returns empty. */
    public static Optional<Node> read(Path file, Problems problems) {
        return readBytes(file, problems).flatMap(bytes -> parse(bytes, problems));
    }

    /** Reads {@code file}'s bytes, refusing directories and files over {@link #MAX_BYTES}. */
    public static Optional<byte[]> readBytes(Path file, Problems problems) {
        if (Files.isDirectory(file)) {
            problems.addFileLevel("is a directory, not a YAML file");
            return Optional.empty();
        }
        if (!Files.exists(file)) {
            problems.addFileLevel("no such file");
            return Optional.empty();
        }
        // Devices and pipes report size 0 and may never end (/dev/zero, a FIFO): only regular files.
        if (!Files.isRegularFile(file)) {
            problems.addFileLevel("not a regular file (a device, pipe or socket); expected a YAML file");
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Read at most one byte past the limit, whatever the file system claims its size is.
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            problems.addFileLevel("cannot read: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            problems.addFileLevel(
                    "file is larger than the limit of " + MAX_BYTES + " bytes (1 MiB) for runbooks and" + " config");
            return Optional.empty();
        }
        return Optional.of(bytes);
    }

    /** Parses YAML text already in memory (e.g. a params file or test input). */
    public static Optional<Node> parse(byte[] bytes, Problems problems) {
        if (bytes.length > MAX_BYTES) {
            problems.addFileLevel("input exceeds the 1 MiB limit");
            return Optional.empty();
        }
        for (byte b : bytes) {
            if (b == 0) {
                problems.addFileLevel("not a text file (contains NUL bytes); expected YAML");
                return Optional.empty();
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.addFileLevel("not valid UTF-8 text; expected YAML");
            return Optional.empty();
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        // Checked on the raw text, so comments are covered too, and before parsing: nothing after
        // the character is read or echoed.
        int unsafe = Text.firstUnsafe(text, true);
        if (unsafe >= 0) {
            problems.add(positionAt(text, unsafe), refusal(text.charAt(unsafe)));
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        TreeBuilder builder = new TreeBuilder(new ParserImpl(new StreamReader(text), options), problems);
        try {
            return builder.document();
        } catch (MarkedYAMLException e) {
            problems.add(markPosition(e), describe(e));
        } catch (ReaderException e) {
            // A character YAML forbids (U+FFFE, U+FFFF): the reader says where, in code points.
            problems.add(positionAtCodePoint(text, e.getPosition()), "invalid YAML: " + firstLine(e.getMessage()));
        } catch (YAMLException e) {
            problems.add(builder.lastPosition(), "invalid YAML: " + firstLine(e.getMessage()));
        } catch (NumberFormatException e) {
            // SnakeYAML's scanner lets it escape for an escape such as "\UFFFFFFFF".
            problems.add(builder.lastPosition(), "invalid YAML: malformed number: " + firstLine(e.getMessage()));
        }
        return Optional.empty();
    }

    static String refusal(char c) {
        return Text.describe(c) + " are not allowed in runbooks, config or parameter files (they could change"
                + " what the terminal shows)";
    }

    /** Line and column of the {@code codePoint}-th code point of {@code text}. */
    private static Position positionAtCodePoint(String text, int codePoint) {
        int index = codePoint < 0
                ? 0
                : text.offsetByCodePoints(0, Math.min(codePoint, text.codePointCount(0, text.length())));
        return positionAt(text, index);
    }

    /** Line and column (1-based, in characters) of {@code index} in {@code text}. */
    private static Position positionAt(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, index - lineStart + 1);
    }

    private static Position markPosition(MarkedYAMLException m) {
        var mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
        return mark == null ? Position.START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String describe(MarkedYAMLException m) {
        String problem = m.getProblem() == null ? "syntax error" : m.getProblem();
        String context = m.getContext();
        String text = context == null ? problem : context + ": " + problem;
        return "invalid YAML: " + firstLine(text).replace("\t", "\\t");
    }

    static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "syntax error";
        }
        String line = s.strip().lines().findFirst().orElse("syntax error");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
