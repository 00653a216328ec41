package org.dicompipe.emulator.healthcare.dicomstores;

import com.google.api.services.healthcare.v1.model.DicomStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dicompipe.emulator.http.GoogleError;

/**
 * The {@code filter} of dicomStores.list. The API documents the list-filter syntax (quoted or bare text values,
 * {@code =}, AND, OR, NOT) and that only labels can be filtered, e.g. {@code labels.key=value}. Supported here:
 * <ul>
 *   <li>{@code labels.KEY = VALUE} (VALUE bare or "quoted"): the store has that label with exactly that value</li>
 *   <li>{@code labels.KEY:*}: the store has the label; {@code labels.KEY:VALUE} is the same as {@code =}</li>
 *   <li>{@code NOT x} or {@code -x}, {@code x AND y} (also written as {@code x y}), {@code x OR y},
 *       parentheses. As in Google's filter grammar (AIP-160), OR binds tighter than AND.</li>
 * </ul>
 * Anything else is refused with INVALID_ARGUMENT, never silently ignored.
 */
public final class LabelFilter {

    private static final Predicate<DicomStore> ALL = s -> true;

    private final List<Token> tokens;
    private final String text;
    private int pos;

    private LabelFilter(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    public static Predicate<DicomStore> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return ALL;
        }
        LabelFilter parser = new LabelFilter(filter);
        Predicate<DicomStore> p = parser.conjunction();
        if (parser.pos != parser.tokens.size()) {
            throw parser.error("unexpected \"" + parser.tokens.get(parser.pos).text + "\"");
        }
        return p;
    }

    private Predicate<DicomStore> conjunction() {
        Predicate<DicomStore> left = disjunction();
        while (pos < tokens.size() && !peekIs(Kind.CLOSE)) {
            if (peekKeyword("AND")) {
                pos++;
            }
            left = left.and(disjunction());
        }
        return left;
    }

    private Predicate<DicomStore> disjunction() {
        Predicate<DicomStore> left = unary();
        while (peekKeyword("OR")) {
            pos++;
            left = left.or(unary());
        }
        return left;
    }

    private Predicate<DicomStore> unary() {
        if (peekKeyword("NOT") || peekIs(Kind.MINUS)) {
            pos++;
            return unary().negate();
        }
        if (peekIs(Kind.OPEN)) {
            pos++;
            Predicate<DicomStore> inner = conjunction();
            expect(Kind.CLOSE, ")");
            return inner;
        }
        return term();
    }

    private Predicate<DicomStore> term() {
        Token field = expect(Kind.WORD, "a field such as labels.key");
        if (!field.text.startsWith("labels.") || field.text.length() == "labels.".length()) {
            throw error("only filtering on labels is supported (labels.key=value), not \"" + field.text + "\"");
        }
        String key = field.text.substring("labels.".length());
        Token op = next("= or :");
        if (op.kind != Kind.EQUALS && op.kind != Kind.HAS) {
            throw error("expected = or : after " + field.text);
        }
        Token value = next("a value");
        if (op.kind == Kind.HAS && value.kind == Kind.WORD && value.text.equals("*")) {
            return store -> labels(store).containsKey(key);
        }
        if (value.kind != Kind.WORD && value.kind != Kind.STRING) {
            throw error("expected a value after " + field.text + op.text);
        }
        String wanted = value.text;
        return store -> wanted.equals(labels(store).get(key));
    }

    private static Map<String, String> labels(DicomStore store) {
        return store.getLabels() == null ? Map.of() : store.getLabels();
    }

    private boolean peekIs(Kind kind) {
        return pos < tokens.size() && tokens.get(pos).kind == kind;
    }

    private boolean peekKeyword(String word) {
        return peekIs(Kind.WORD) && tokens.get(pos).text.equals(word);
    }

    private Token next(String what) {
        if (pos >= tokens.size()) {
            throw error("expected " + what + " at the end");
        }
        return tokens.get(pos++);
    }

    private Token expect(Kind kind, String what) {
        Token t = next(what);
        if (t.kind != kind) {
            throw error("expected " + what + ", got \"" + t.text + "\"");
        }
        return t;
    }

    private GoogleError error(String detail) {
        return GoogleError.invalidArgument("invalid filter \"" + text + "\": " + detail);
    }

    private enum Kind { WORD, STRING, EQUALS, HAS, OPEN, CLOSE, MINUS }

    private record Token(Kind kind, String text) {
    }

    private List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '=' || c == ':') {
                Kind kind = switch (c) {
                    case '(' -> Kind.OPEN;
                    case ')' -> Kind.CLOSE;
                    case '=' -> Kind.EQUALS;
                    default -> Kind.HAS;
                };
                out.add(new Token(kind, String.valueOf(c)));
                i++;
            } else if (c == '-' && (out.isEmpty() || (out.get(out.size() - 1).kind != Kind.EQUALS
                    && out.get(out.size() - 1).kind != Kind.HAS))) {
                // a leading '-' negates, except where a value is expected
                out.add(new Token(Kind.MINUS, "-"));
                i++;
            } else if (c == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char d = s.charAt(i++);
                    if (d == '\\' && i < s.length()) {
                        value.append(s.charAt(i++));
                    } else if (d == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(d);
                    }
                }
                if (!closed) {
                    throw error("unterminated quoted string");
                }
                out.add(new Token(Kind.STRING, value.toString()));
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()=:\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i)));
            }
        }
        return out;
    }
}
