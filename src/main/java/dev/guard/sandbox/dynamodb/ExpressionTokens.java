package dev.guard.sandbox.dynamodb;

import dev.guard.sandbox.server.AwsError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one DynamoDB expression (condition, update or projection) and a cursor over them
 * for the recursive-descent parsers: names, {@code #aliases}, {@code :values}, list indexes,
 * operators and punctuation. Errors name the expression as DynamoDB does ("Invalid
 * ConditionExpression: Syntax error; token: ...").
 */
final class ExpressionTokens {
    enum Kind {
        NAME,
        ALIAS,
        VALUE,
        NUMBER,
        SYMBOL,
        END
    }

    record Token(Kind kind, String text) {
        boolean is(String symbolOrKeyword) {
            return (kind == Kind.SYMBOL && text.equals(symbolOrKeyword))
                    || (kind == Kind.NAME && text.toUpperCase(Locale.ROOT).equals(symbolOrKeyword));
        }
    }

    private static final String SYMBOLS = "()[],.=<>+-";

    final String what;
    final Expressions context;
    private final List<Token> tokens;
    private int at;

    ExpressionTokens(String text, String what, Expressions context) {
        this.what = what;
        this.context = context;
        this.tokens = lex(text, what);
    }

    private static List<Token> lex(String text, String what) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == ':' || isWordChar(c)) {
                int end = i + 1;
                while (end < text.length() && isWordChar(text.charAt(end))) {
                    end++;
                }
                String word = text.substring(i, end);
                out.add(new Token(kind(c), word));
                i = end;
            } else if (c == '<' && i + 1 < text.length() && (text.charAt(i + 1) == '>' || text.charAt(i + 1) == '=')) {
                out.add(new Token(Kind.SYMBOL, text.substring(i, i + 2)));
                i += 2;
            } else if (c == '>' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                out.add(new Token(Kind.SYMBOL, ">="));
                i += 2;
            } else if (SYMBOLS.indexOf(c) >= 0) {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            } else {
                throw invalid(what, "Invalid token; token: \"" + c + "\", near: \"" + near(text, i) + "\"");
            }
        }
        out.add(new Token(Kind.END, "<EOF>"));
        return out;
    }

    private static Kind kind(char first) {
        if (first == '#') {
            return Kind.ALIAS;
        }
        if (first == ':') {
            return Kind.VALUE;
        }
        return Character.isDigit(first) ? Kind.NUMBER : Kind.NAME;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String near(String text, int i) {
        return text.substring(Math.max(0, i - 10), Math.min(text.length(), i + 10));
    }

    static AwsError invalid(String what, String message) {
        return AttributeValues.validation("Invalid " + what + ": " + message);
    }

    AwsError invalid(String message) {
        return invalid(what, message);
    }

    Token peek() {
        return tokens.get(at);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.END) {
            at++;
        }
        return t;
    }

    /** Consumes the symbol or keyword if it is next. */
    boolean accept(String symbolOrKeyword) {
        if (peek().is(symbolOrKeyword)) {
            next();
            return true;
        }
        return false;
    }

    void expect(String symbol) {
        if (!accept(symbol)) {
            throw syntaxError();
        }
    }

    AwsError syntaxError() {
        Token t = peek();
        String near = (at > 0 ? tokens.get(at - 1).text() + " " : "") + t.text();
        return invalid("Syntax error; token: \"" + t.text() + "\", near: \"" + near + "\"");
    }

    /** A document path: name or #alias, then {@code .name} and {@code [n]} steps. */
    DocumentPath path() {
        List<Object> steps = new ArrayList<>();
        steps.add(pathName());
        while (true) {
            if (accept(".")) {
                steps.add(pathName());
            } else if (peek().is("[")) {
                next();
                if (peek().kind() != Kind.NUMBER) {
                    throw syntaxError();
                }
                steps.add(Integer.parseInt(next().text()));
                expect("]");
            } else {
                return new DocumentPath(steps);
            }
        }
    }

    private String pathName() {
        Token t = peek();
        if (t.kind() != Kind.ALIAS && t.kind() != Kind.NAME) {
            throw syntaxError();
        }
        next();
        if (t.kind() == Kind.ALIAS) {
            return context.name(t.text(), what);
        }
        if (ReservedWords.isReserved(t.text())) {
            throw invalid("Attribute name is a reserved keyword; reserved keyword: " + t.text());
        }
        return t.text();
    }

    /** A {@code :value} reference, resolved. */
    Object value() {
        if (peek().kind() != Kind.VALUE) {
            throw syntaxError();
        }
        return context.value(next().text(), what);
    }

    boolean atEnd() {
        return peek().kind() == Kind.END;
    }
}
