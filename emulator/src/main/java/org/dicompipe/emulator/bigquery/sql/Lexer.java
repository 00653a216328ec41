package org.dicompipe.emulator.bigquery.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dicompipe.emulator.bigquery.BigQueryError;

/** Splits a BigQuery Standard SQL statement into tokens, decoding its quoting and escape rules. */
final class Lexer {

    /** BigQuery's reserved keywords: they cannot be unquoted identifiers. */
    static final Set<String> RESERVED = Set.of("ALL", "AND", "ANY", "ARRAY", "AS", "ASC", "ASSERT_ROWS_MODIFIED",
            "AT", "BETWEEN", "BY", "CASE", "CAST", "COLLATE", "CONTAINS", "CREATE", "CROSS", "CUBE", "CURRENT",
            "DEFAULT", "DEFINE", "DESC", "DISTINCT", "ELSE", "END", "ENUM", "ESCAPE", "EXCEPT", "EXCLUDE", "EXISTS",
            "EXTRACT", "FALSE", "FETCH", "FOLLOWING", "FOR", "FROM", "FULL", "GROUP", "GROUPING", "GROUPS", "HASH",
            "HAVING", "IF", "IGNORE", "IN", "INNER", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "LATERAL",
            "LEFT", "LIKE", "LIMIT", "LOOKUP", "MERGE", "NATURAL", "NEW", "NO", "NOT", "NULL", "NULLS", "OF", "ON",
            "OR", "ORDER", "OUTER", "OVER", "PARTITION", "PRECEDING", "PROTO", "QUALIFY", "RANGE", "RECURSIVE",
            "RESPECT", "RIGHT", "ROLLUP", "ROWS", "SELECT", "SET", "SOME", "STRUCT", "TABLESAMPLE", "THEN", "TO",
            "TREAT", "TRUE", "UNBOUNDED", "UNION", "UNNEST", "USING", "WHEN", "WHERE", "WINDOW", "WITH", "WITHIN");

    private final String sql;
    private int pos;
    private boolean space = true;

    private Lexer(String sql) {
        this.sql = sql;
    }

    static List<Token> tokenize(String sql) {
        Lexer lexer = new Lexer(sql);
        List<Token> tokens = new ArrayList<>();
        while (true) {
            Token t = lexer.next();
            tokens.add(t);
            if (t.kind() == Token.Kind.EOF) {
                return tokens;
            }
        }
    }

    private Token next() {
        skipSpaceAndComments();
        boolean before = space;
        space = false;
        int start = pos;
        if (pos >= sql.length()) {
            return new Token(Token.Kind.EOF, "", start, before);
        }
        char c = sql.charAt(pos);
        // string and bytes literals with optional r/b prefixes
        int prefixEnd = pos;
        boolean raw = false;
        boolean bytes = false;
        while (prefixEnd < sql.length() && prefixEnd - pos < 2 && "rRbB".indexOf(sql.charAt(prefixEnd)) >= 0) {
            prefixEnd++;
        }
        if (prefixEnd < sql.length() && (sql.charAt(prefixEnd) == '\'' || sql.charAt(prefixEnd) == '"')) {
            String prefix = sql.substring(pos, prefixEnd).toLowerCase(Locale.ROOT);
            if (prefix.matches("|r|b|rb|br")) {
                raw = prefix.contains("r");
                bytes = prefix.contains("b");
                pos = prefixEnd;
                String value = quoted(raw);
                if (bytes) {
                    return new Token(Token.Kind.BYTES, value, start, before);
                }
                return new Token(Token.Kind.STRING, value, start, before);
            }
        }
        if (c == '`') {
            int end = sql.indexOf('`', pos + 1);
            if (end < 0) {
                throw error("Unclosed identifier literal", start);
            }
            String name = unescape(sql.substring(pos + 1, end), start);
            pos = end + 1;
            if (name.isEmpty()) {
                throw error("Invalid empty identifier", start);
            }
            return new Token(Token.Kind.QUOTED_IDENT, name, start, before);
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
                pos++;
            }
            String word = sql.substring(start, pos);
            String upper = word.toUpperCase(Locale.ROOT);
            if (RESERVED.contains(upper)) {
                return new Token(Token.Kind.KEYWORD, upper, start, before);
            }
            return new Token(Token.Kind.IDENT, word, start, before);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < sql.length() && Character.isDigit(sql.charAt(pos + 1)))) {
            return number(start, before);
        }
        if (c == '@') {
            if (pos + 1 < sql.length() && sql.charAt(pos + 1) == '@') {
                throw error("System variables (@@) are not supported by the emulator", start);
            }
            pos++;
            int nameStart = pos;
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
                pos++;
            }
            if (pos == nameStart) {
                throw error("Syntax error: Unexpected \"@\"", start);
            }
            return new Token(Token.Kind.NAMED_PARAM, sql.substring(nameStart, pos), start, before);
        }
        if (c == '?') {
            pos++;
            return new Token(Token.Kind.POSITIONAL_PARAM, "?", start, before);
        }
        for (String op : new String[] {"<>", "!=", "<=", ">=", "||", "<<", ">>", "=>"}) {
            if (sql.startsWith(op, pos)) {
                pos += op.length();
                return new Token(Token.Kind.OP, op, start, before);
            }
        }
        if ("()[],.;=<>+-*/%&|^~{}:".indexOf(c) >= 0) {
            pos++;
            return new Token(Token.Kind.OP, String.valueOf(c), start, before);
        }
        throw error("Syntax error: Illegal input character \"" + c + "\"", start);
    }

    private Token number(int start, boolean before) {
        if (sql.startsWith("0x", pos) || sql.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < sql.length() && Character.digit(sql.charAt(pos), 16) >= 0) {
                pos++;
            }
            return new Token(Token.Kind.INTEGER, Long.toString(Long.parseUnsignedLong(sql.substring(digits, pos), 16)),
                    start, before);
        }
        boolean isFloat = false;
        while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
            pos++;
        }
        if (pos < sql.length() && sql.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
        }
        if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < sql.length() && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                isFloat = true;
                while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        if (pos < sql.length() && (Character.isLetter(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
            throw error("Syntax error: Missing whitespace between literal and alias", start);
        }
        return new Token(isFloat ? Token.Kind.FLOAT : Token.Kind.INTEGER, sql.substring(start, pos), start, before);
    }

    private String quoted(boolean raw) {
        int start = pos;
        char q = sql.charAt(pos);
        String triple = String.valueOf(q).repeat(3);
        boolean isTriple = sql.startsWith(triple, pos);
        String close = isTriple ? triple : String.valueOf(q);
        pos += close.length();
        int contentStart = pos;
        while (true) {
            if (pos >= sql.length()) {
                throw error("Syntax error: Unclosed string literal", start);
            }
            char c = sql.charAt(pos);
            if (c == '\\') {
                pos += 2;
                continue;
            }
            if (!isTriple && (c == '\n' || c == '\r')) {
                throw error("Syntax error: Unclosed string literal", start);
            }
            if (sql.startsWith(close, pos)) {
                String body = sql.substring(contentStart, pos);
                pos += close.length();
                return raw ? body : unescape(body, start);
            }
            pos++;
        }
    }

    private String unescape(String body, int at) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw error("Syntax error: Illegal escape sequence at end of literal", at);
            }
            char e = body.charAt(i);
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\', '?', '"', '\'', '`' -> sb.append(e);
                case 'x', 'X' -> {
                    sb.append((char) Integer.parseInt(hex(body, i + 1, 2, at), 16));
                    i += 2;
                }
                case 'u' -> {
                    sb.append((char) Integer.parseInt(hex(body, i + 1, 4, at), 16));
                    i += 4;
                }
                case 'U' -> {
                    sb.appendCodePoint(Integer.parseInt(hex(body, i + 1, 8, at), 16));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7' && i + 2 < body.length()) {
                        sb.append((char) Integer.parseInt(body.substring(i, i + 3), 8));
                        i += 2;
                    } else {
                        throw error("Syntax error: Illegal escape sequence: \\" + e, at);
                    }
                }
            }
        }
        return sb.toString();
    }

    private String hex(String body, int from, int count, int at) {
        if (from + count > body.length()) {
            throw error("Syntax error: Illegal escape sequence", at);
        }
        String h = body.substring(from, from + count);
        if (!h.matches("[0-9a-fA-F]+")) {
            throw error("Syntax error: Illegal escape sequence: " + h, at);
        }
        return h;
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
                space = true;
            } else if (c == '#' || sql.startsWith("--", pos)) {
                int end = sql.indexOf('\n', pos);
                pos = end < 0 ? sql.length() : end + 1;
                space = true;
            } else if (sql.startsWith("/*", pos)) {
                int end = sql.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("Syntax error: Unclosed comment", pos);
                }
                pos = end + 2;
                space = true;
            } else {
                return;
            }
        }
    }

    private BigQueryError error(String message, int at) {
        return Translator.syntaxError(message, sql, at);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
