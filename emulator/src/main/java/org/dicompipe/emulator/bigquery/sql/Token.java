package org.dicompipe.emulator.bigquery.sql;

/**
 * One lexical token of BigQuery Standard SQL.
 *
 * @param kind   what it is
 * @param text   identifier name (unescaped), literal value, operator or keyword (upper case)
 * @param start  offset in the statement, for messages
 * @param spaceBefore whether whitespace or a comment precedes it (dashed project names need adjacency)
 */
record Token(Kind kind, String text, int start, boolean spaceBefore) {

    enum Kind { IDENT, QUOTED_IDENT, KEYWORD, STRING, BYTES, INTEGER, FLOAT, NAMED_PARAM, POSITIONAL_PARAM, OP, EOF }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isKeyword(String k) {
        return kind == Kind.KEYWORD && text.equals(k);
    }

    boolean isOp(String o) {
        return kind == Kind.OP && text.equals(o);
    }

    boolean isIdentifier() {
        return kind == Kind.IDENT || kind == Kind.QUOTED_IDENT;
    }
}
