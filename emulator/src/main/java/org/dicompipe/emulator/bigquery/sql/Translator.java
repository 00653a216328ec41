package org.dicompipe.emulator.bigquery.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dicompipe.emulator.bigquery.BigQueryError;
import org.dicompipe.emulator.bigquery.TableRef;

/**
 * Translates the supported subset of BigQuery Standard SQL into DuckDB SQL. It is a whitelist:
 * the statement is parsed completely, every construct outside the subset is refused with
 * {@code invalidQuery} naming it, and only what was understood is written out, so that a query
 * either runs with BigQuery's meaning or fails.
 */
public final class Translator {

    /** Where table names point to. */
    public interface Catalog {
        /** The DuckDB name of a table's storage; throws BigQuery's notFound when absent. */
        String storageOf(TableRef table);
    }

    /**
     * What a query runs with.
     *
     * @param project        the job's project: {@code dataset.table} is looked up there
     * @param defaultDataset {@code project.dataset} form of the request's default dataset, or null
     * @param named          named parameters (lower-case names) as DuckDB literals
     * @param positional     positional parameters as DuckDB literals
     */
    public record Context(String project, TableRef defaultDataset, Catalog catalog, Map<String, String> named,
                          List<String> positional) {
    }

    /** The translated statement. {@code target} is the table a DML statement changes. */
    public record Statement(String kind, String sql, TableRef target) {
        public boolean isQuery() {
            return kind.equals("SELECT");
        }
    }

    private static final Set<String> CLAUSE_END = Set.of("WHERE", "GROUP", "HAVING", "QUALIFY", "WINDOW", "ORDER",
            "LIMIT", "UNION", "INTERSECT", "EXCEPT");
    private static final Set<String> JOIN_START = Set.of("JOIN", "INNER", "CROSS", "LEFT", "RIGHT", "FULL");

    private final String source;
    private final List<Token> tokens;
    private final Context ctx;
    private int i;
    private int positionalUsed;
    private int generated;
    private final Deque<Set<String>> ctes = new ArrayDeque<>();
    private final Deque<Set<String>> rangeVariables = new ArrayDeque<>();

    private Translator(String source, Context ctx) {
        this.source = source;
        List<Token> lexed = new ArrayList<>(Lexer.tokenize(source));
        Token eof = lexed.get(lexed.size() - 1);
        // look-ahead past the end reads more EOF tokens instead of failing
        for (int k = 0; k < 4; k++) {
            lexed.add(eof);
        }
        this.tokens = lexed;
        this.ctx = ctx;
    }

    public static Statement translate(String sql, Context ctx) {
        String trimmed = sql.stripLeading();
        if (trimmed.regionMatches(true, 0, "#legacySQL", 0, "#legacySQL".length())) {
            throw unsupported("Legacy SQL");
        }
        Translator t = null;
        Statement statement;
        try {
            t = new Translator(sql, ctx);
            statement = t.statement();
        } catch (BigQueryError e) {
            throw e;
        } catch (RuntimeException e) {
            // a statement the parser did not foresee is refused, never half-translated
            if (t == null) {
                throw BigQueryError.invalidQuery("Syntax error: " + e.getMessage());
            }
            throw syntaxError("Syntax error: Unexpected " + describe(t.peek()), sql, t.peek().start());
        }
        if (t.positionalUsed < ctx.positional().size()) {
            throw BigQueryError.invalidQuery("Query has " + t.positionalUsed + " positional parameters but "
                    + ctx.positional().size() + " were given");
        }
        return statement;
    }

    static BigQueryError unsupported(String what) {
        return BigQueryError.invalidQuery(what + " is not supported by the local BigQuery emulator");
    }

    static BigQueryError syntaxError(String message, String sql, int offset) {
        int line = 1;
        int col = 1;
        for (int k = 0; k < offset && k < sql.length(); k++) {
            if (sql.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return BigQueryError.invalidQuery(message + " at [" + line + ":" + col + "]");
    }

    // ---------------------------------------------------------------- statements

    private Statement statement() {
        Token t = peek();
        Statement result;
        if (t.isKeyword("SELECT") || t.isKeyword("WITH") || t.isOp("(")) {
            result = new Statement("SELECT", query(), null);
        } else if (t.kind() == Token.Kind.IDENT && upper(t).equals("INSERT")) {
            result = insert();
        } else if (t.kind() == Token.Kind.IDENT && upper(t).equals("DELETE")) {
            result = delete();
        } else if (t.kind() == Token.Kind.IDENT && upper(t).equals("UPDATE")) {
            result = update();
        } else if (t.kind() == Token.Kind.EOF) {
            throw syntax("Syntax error: Unexpected end of script");
        } else {
            String word = t.text().toUpperCase(Locale.ROOT);
            if (Set.of("CREATE", "DROP", "ALTER", "TRUNCATE", "MERGE", "DECLARE", "SET", "BEGIN", "CALL", "EXPORT",
                    "LOAD", "EXECUTE", "GRANT", "REVOKE", "IF", "LOOP", "WHILE", "ASSERT").contains(word)) {
                throw unsupported(word + " statement");
            }
            throw syntax("Syntax error: Unexpected " + describe(t));
        }
        if (peek().isOp(";")) {
            i++;
        }
        if (peek().kind() != Token.Kind.EOF) {
            throw unsupported("Scripting (more than one statement)");
        }
        return result;
    }

    private Statement insert() {
        i++;
        acceptKeyword("INTO");
        TableRef target = tablePath();
        String storage = ctx.catalog().storageOf(target);
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(storage);
        if (peek().isOp("(") && !isQueryStart(i + 1)) {
            i++;
            List<String> columns = new ArrayList<>();
            do {
                columns.add(quote(identifier()));
            } while (acceptOp(","));
            expectOp(")");
            sb.append(" (").append(String.join(", ", columns)).append(')');
        }
        if (peek().kind() == Token.Kind.IDENT && upper(peek()).equals("VALUES")) {
            i++;
            sb.append(" VALUES ");
            boolean first = true;
            do {
                expectOp("(");
                List<String> values = new ArrayList<>();
                do {
                    if (peek().isKeyword("DEFAULT")) {
                        throw unsupported("DEFAULT in INSERT VALUES");
                    }
                    values.add(expr());
                } while (acceptOp(","));
                expectOp(")");
                sb.append(first ? "" : ", ").append('(').append(String.join(", ", values)).append(')');
                first = false;
            } while (acceptOp(","));
        } else if (isQueryStart(i)) {
            sb.append(' ').append(query());
        } else {
            throw syntax("Syntax error: Expected VALUES or a query in INSERT but got " + describe(peek()));
        }
        return new Statement("INSERT", sb.toString(), target);
    }

    private Statement delete() {
        i++;
        acceptKeyword("FROM");
        TableRef target = tablePath();
        String storage = ctx.catalog().storageOf(target);
        String alias = optionalAlias();
        if (!peek().isKeyword("WHERE")) {
            throw syntax("Syntax error: DELETE must have a WHERE clause; expected keyword WHERE but got "
                    + describe(peek()));
        }
        i++;
        rangeVariables.push(new HashSet<>(Set.of(lower(alias == null ? target.table() : alias))));
        String where = expr();
        rangeVariables.pop();
        return new Statement("DELETE", "DELETE FROM " + storage + " AS " + quote(alias == null ? target.table() : alias)
                + " WHERE " + where, target);
    }

    private Statement update() {
        i++;
        TableRef target = tablePath();
        String storage = ctx.catalog().storageOf(target);
        String alias = optionalAlias();
        expectKeyword("SET");
        rangeVariables.push(new HashSet<>(Set.of(lower(alias == null ? target.table() : alias))));
        List<String> sets = new ArrayList<>();
        do {
            String column = identifier();
            if (peek().isOp(".")) {
                throw unsupported("UPDATE of a nested field");
            }
            expectOp("=");
            if (peek().isKeyword("DEFAULT")) {
                throw unsupported("DEFAULT in UPDATE");
            }
            sets.add(quote(column) + " = " + expr());
        } while (acceptOp(","));
        if (peek().isKeyword("FROM")) {
            throw unsupported("UPDATE ... FROM");
        }
        expectKeyword("WHERE");
        String where = expr();
        rangeVariables.pop();
        return new Statement("UPDATE", "UPDATE " + storage + " AS " + quote(alias == null ? target.table() : alias)
                + " SET " + String.join(", ", sets) + " WHERE " + where, target);
    }

    // ---------------------------------------------------------------- queries

    private boolean isQueryStart(int at) {
        Token t = tokens.get(at);
        if (t.isKeyword("SELECT") || t.isKeyword("WITH")) {
            return true;
        }
        return t.isOp("(") && isQueryStart(at + 1);
    }

    private String query() {
        StringBuilder sb = new StringBuilder();
        boolean pushed = false;
        if (peek().isKeyword("WITH")) {
            i++;
            if (peek().isKeyword("RECURSIVE")) {
                throw unsupported("WITH RECURSIVE");
            }
            ctes.push(new HashSet<>());
            pushed = true;
            sb.append("WITH ");
            boolean first = true;
            do {
                String name = identifier();
                expectKeyword("AS");
                expectOp("(");
                String body = query();
                expectOp(")");
                ctes.peek().add(lower(name));
                sb.append(first ? "" : ", ").append(quote(name)).append(" AS (").append(body).append(')');
                first = false;
            } while (acceptOp(","));
            sb.append(' ');
        }
        try {
            sb.append(setOperation());
            if (peek().isKeyword("ORDER")) {
                i++;
                expectKeyword("BY");
                sb.append(" ORDER BY ").append(orderList());
            }
            if (peek().isKeyword("LIMIT")) {
                i++;
                sb.append(" LIMIT ").append(expr());
                if (peek().kind() == Token.Kind.IDENT && upper(peek()).equals("OFFSET")) {
                    i++;
                    sb.append(" OFFSET ").append(expr());
                }
            }
        } finally {
            if (pushed) {
                ctes.pop();
            }
        }
        return sb.toString();
    }

    private String setOperation() {
        String left = queryPrimary();
        StringBuilder sb = null;
        while (peek().isKeyword("UNION") || peek().isKeyword("INTERSECT") || peek().isKeyword("EXCEPT")) {
            String op = next().text();
            String quantifier;
            if (acceptKeyword("ALL")) {
                if (!op.equals("UNION")) {
                    throw unsupported(op + " ALL");
                }
                quantifier = " ALL";
            } else if (acceptKeyword("DISTINCT")) {
                quantifier = "";
            } else {
                throw syntax("Syntax error: Expected keyword ALL or keyword DISTINCT but got " + describe(peek()));
            }
            if (sb == null) {
                sb = new StringBuilder("(").append(left).append(')');
            }
            sb.append(' ').append(op).append(quantifier).append(" (").append(queryPrimary()).append(')');
        }
        return sb == null ? left : sb.toString();
    }

    private String queryPrimary() {
        if (peek().isOp("(")) {
            i++;
            String inner = query();
            expectOp(")");
            return "(" + inner + ")";
        }
        return select();
    }

    private String select() {
        expectKeyword("SELECT");
        StringBuilder sb = new StringBuilder("SELECT ");
        if (acceptKeyword("DISTINCT")) {
            sb.append("DISTINCT ");
        } else {
            acceptKeyword("ALL");
        }
        if (peek().isKeyword("AS")) {
            throw unsupported("SELECT AS STRUCT / SELECT AS VALUE");
        }
        int listStart = i;
        int fromAt = findFrom(listStart);
        rangeVariables.push(new HashSet<>());
        try {
            String from = null;
            int afterFrom = -1;
            if (fromAt >= 0) {
                i = fromAt + 1;
                from = fromClause();
                afterFrom = i;
                i = listStart;
            }
            sb.append(selectList(from != null && from.contains(" unnest(")));
            if (fromAt >= 0) {
                if (i != fromAt) {
                    throw syntax("Syntax error: Unexpected " + describe(peek()));
                }
                i = afterFrom;
                sb.append(" FROM ").append(from);
            }
            if (acceptKeyword("WHERE")) {
                sb.append(" WHERE ").append(expr());
            }
            if (peek().isKeyword("GROUP")) {
                i++;
                expectKeyword("BY");
                if (peek().isKeyword("ROLLUP") || peek().isKeyword("CUBE") || peek().isKeyword("GROUPING")) {
                    throw unsupported("GROUP BY " + peek().text());
                }
                List<String> groups = new ArrayList<>();
                do {
                    groups.add(ordinalOrExpr());
                } while (acceptOp(","));
                sb.append(" GROUP BY ").append(String.join(", ", groups));
            }
            if (acceptKeyword("HAVING")) {
                sb.append(" HAVING ").append(expr());
            }
            if (acceptKeyword("QUALIFY")) {
                sb.append(" QUALIFY ").append(expr());
            }
            if (peek().isKeyword("WINDOW")) {
                throw unsupported("WINDOW clause");
            }
        } finally {
            rangeVariables.pop();
        }
        return sb.toString();
    }

    /** Index of this SELECT's FROM keyword, or -1; the select list is translated after the FROM clause. */
    private int findFrom(int from) {
        int depth = 0;
        for (int k = from; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.isOp("(") || t.isOp("[")) {
                depth++;
            } else if (t.isOp(")") || t.isOp("]")) {
                if (depth == 0) {
                    return -1;
                }
                depth--;
            } else if (depth == 0) {
                if (t.isKeyword("FROM")) {
                    return k;
                }
                boolean starExcept = t.isKeyword("EXCEPT") && tokens.get(k + 1).isOp("(");
                if ((t.kind() == Token.Kind.KEYWORD && CLAUSE_END.contains(t.text()) && !starExcept)
                        || t.isOp(";") || t.kind() == Token.Kind.EOF) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private String selectList(boolean fromHasUnnest) {
        List<String> items = new ArrayList<>();
        int anonymous = 0;
        do {
            if (peek().isKeyword("FROM") || isClauseEnd(peek())) {
                break; // BigQuery allows a trailing comma
            }
            if (peek().isOp("*") || isPathStar()) {
                StringBuilder star = new StringBuilder();
                if (!peek().isOp("*")) {
                    List<String> parts = new ArrayList<>();
                    while (!peek().isOp("*")) {
                        parts.add(quote(identifier()));
                        expectOp(".");
                    }
                    star.append(String.join(".", parts)).append('.');
                } else if (fromHasUnnest) {
                    throw unsupported("SELECT * over UNNEST (list the columns)");
                }
                i++;
                star.append('*');
                if (peek().isKeyword("EXCEPT")) {
                    i++;
                    star.append(" EXCLUDE (").append(String.join(", ", identifierList())).append(')');
                }
                if (peek().kind() == Token.Kind.IDENT && upper(peek()).equals("REPLACE")) {
                    i++;
                    expectOp("(");
                    List<String> replaced = new ArrayList<>();
                    do {
                        String e = expr();
                        expectKeyword("AS");
                        replaced.add(e + " AS " + quote(identifier()));
                    } while (acceptOp(","));
                    expectOp(")");
                    star.append(" REPLACE (").append(String.join(", ", replaced)).append(')');
                }
                items.add(star.toString());
                continue;
            }
            int start = i;
            String e = expr();
            String alias = optionalAlias();
            if (alias == null) {
                String pathName = pathName(start, i);
                alias = pathName != null ? pathName : "f" + anonymous++ + "_";
            }
            items.add(e + " AS " + quote(alias));
        } while (acceptOp(","));
        if (items.isEmpty()) {
            throw syntax("Syntax error: SELECT list must not be empty");
        }
        return String.join(", ", items);
    }

    private boolean isPathStar() {
        int k = i;
        while (tokens.get(k).isIdentifier() && tokens.get(k + 1).isOp(".")) {
            k += 2;
            if (tokens.get(k).isOp("*")) {
                return true;
            }
        }
        return false;
    }

    /** The implicit column name of a bare path expression (its last identifier), else null. */
    private String pathName(int from, int to) {
        String last = null;
        for (int k = from; k < to; k++) {
            Token t = tokens.get(k);
            boolean identifierSlot = (k - from) % 2 == 0;
            if (identifierSlot && t.isIdentifier()) {
                last = t.text();
            } else if (!identifierSlot && t.isOp(".")) {
                continue;
            } else {
                return null;
            }
        }
        if (last != null && tokens.get(to - 1).kind() == Token.Kind.QUOTED_IDENT && last.contains(".")) {
            return last.substring(last.lastIndexOf('.') + 1);
        }
        return last;
    }

    private boolean isClauseEnd(Token t) {
        return (t.kind() == Token.Kind.KEYWORD && CLAUSE_END.contains(t.text())) || t.isOp(")") || t.isOp(";")
                || t.kind() == Token.Kind.EOF;
    }

    private String ordinalOrExpr() {
        Token t = peek();
        Token after = tokens.get(i + 1);
        if (t.kind() == Token.Kind.INTEGER && (after.isOp(",") || after.isKeyword("ASC") || after.isKeyword("DESC")
                || after.isKeyword("NULLS") || isClauseEnd(after) || after.isKeyword("LIMIT"))) {
            i++;
            return t.text();
        }
        return expr();
    }

    private String orderList() {
        List<String> items = new ArrayList<>();
        do {
            StringBuilder item = new StringBuilder(ordinalOrExpr());
            if (acceptKeyword("ASC")) {
                item.append(" ASC");
            } else if (acceptKeyword("DESC")) {
                item.append(" DESC");
            }
            if (acceptKeyword("NULLS")) {
                Token which = next();
                String w = which.text().toUpperCase(Locale.ROOT);
                if (!w.equals("FIRST") && !w.equals("LAST")) {
                    throw syntax("Syntax error: Expected FIRST or LAST after NULLS");
                }
                item.append(" NULLS ").append(w);
            }
            items.add(item.toString());
        } while (acceptOp(","));
        return String.join(", ", items);
    }

    // ---------------------------------------------------------------- FROM

    private String fromClause() {
        StringBuilder sb = new StringBuilder(fromItem().sql);
        while (true) {
            if (acceptOp(",")) {
                sb.append(", ").append(fromItem().sql);
                continue;
            }
            Token t = peek();
            if (t.kind() != Token.Kind.KEYWORD || !JOIN_START.contains(t.text())) {
                return sb.toString();
            }
            String type;
            if (acceptKeyword("CROSS")) {
                type = "CROSS JOIN";
            } else if (acceptKeyword("INNER")) {
                type = "JOIN";
            } else if (acceptKeyword("LEFT")) {
                acceptKeyword("OUTER");
                type = "LEFT JOIN";
            } else if (acceptKeyword("RIGHT")) {
                acceptKeyword("OUTER");
                type = "RIGHT JOIN";
            } else if (acceptKeyword("FULL")) {
                acceptKeyword("OUTER");
                type = "FULL JOIN";
            } else {
                type = "JOIN";
            }
            expectKeyword("JOIN");
            FromItem item = fromItem();
            sb.append(' ').append(type).append(' ').append(item.sql);
            if (type.equals("CROSS JOIN")) {
                continue;
            }
            if (acceptKeyword("ON")) {
                sb.append(" ON ").append(expr());
            } else if (acceptKeyword("USING")) {
                sb.append(" USING (").append(String.join(", ", identifierList())).append(')');
            } else if (item.array) {
                sb.append(" ON TRUE");
            } else {
                throw syntax("Syntax error: Expected keyword ON or keyword USING but got " + describe(peek()));
            }
        }
    }

    private record FromItem(String sql, boolean array) {
    }

    private FromItem fromItem() {
        Token t = peek();
        if (t.isKeyword("UNNEST")) {
            i++;
            expectOp("(");
            String array = expr();
            expectOp(")");
            return unnest(array, optionalAlias());
        }
        if (t.isOp("(")) {
            if (isQueryStart(i + 1)) {
                i++;
                String q = query();
                expectOp(")");
                String alias = optionalAlias();
                if (alias != null) {
                    rangeVariables.peek().add(lower(alias));
                }
                return new FromItem("(" + q + ")" + (alias == null ? " AS " + quote("_sub" + generated++)
                        : " AS " + quote(alias)), false);
            }
            i++;
            String inner = fromClause();
            expectOp(")");
            return new FromItem("(" + inner + ")", false);
        }
        if (!t.isIdentifier()) {
            throw syntax("Syntax error: Unexpected " + describe(t));
        }
        int start = i;
        List<String> parts = pathParts();
        if (parts.size() >= 2 && isRangeVariable(parts.get(0))) {
            // a correlated array path: FROM t, t.arr AS x is FROM t, UNNEST(t.arr) AS x
            List<String> quoted = new ArrayList<>();
            parts.forEach(p -> quoted.add(quote(p)));
            String alias = optionalAlias();
            return unnest(String.join(".", quoted), alias == null ? parts.get(parts.size() - 1) : alias);
        }
        if (peek().isKeyword("FOR")) {
            throw unsupported("FOR SYSTEM_TIME AS OF");
        }
        if (peek().isKeyword("TABLESAMPLE")) {
            throw unsupported("TABLESAMPLE");
        }
        String alias = optionalAlias();
        String name = parts.get(parts.size() - 1);
        if (parts.size() == 1 && isCte(name)) {
            String a = alias == null ? name : alias;
            rangeVariables.peek().add(lower(a));
            return new FromItem(quote(name) + " AS " + quote(a), false);
        }
        i = start;
        TableRef ref = tablePath();
        alias = optionalAlias();
        String a = alias == null ? ref.table() : alias;
        rangeVariables.peek().add(lower(a));
        return new FromItem(ctx.catalog().storageOf(ref) + " AS " + quote(a), false);
    }

    private FromItem unnest(String array, String alias) {
        String column = alias == null ? "f0_" : alias;
        String table = quote("_unnest" + generated++);
        if (peek().isKeyword("WITH")) {
            i++;
            Token offset = next();
            if (!offset.isIdentifier() || !upper(offset).equals("OFFSET")) {
                throw syntax("Syntax error: Expected OFFSET after WITH in UNNEST");
            }
            String offsetAlias = optionalAlias();
            if (offsetAlias == null) {
                offsetAlias = "offset";
            }
            rangeVariables.peek().add(lower(column));
            rangeVariables.peek().add(lower(offsetAlias));
            return new FromItem("(SELECT unnest(" + array + ") AS " + quote(column) + ", unnest(range(len(" + array
                    + "))) AS " + quote(offsetAlias) + ") AS " + table, true);
        }
        rangeVariables.peek().add(lower(column));
        return new FromItem("unnest(" + array + ") AS " + table + "(" + quote(column) + ")", true);
    }

    private boolean isRangeVariable(String name) {
        for (Set<String> scope : rangeVariables) {
            if (scope.contains(lower(name))) {
                return true;
            }
        }
        return false;
    }

    private boolean isCte(String name) {
        for (Set<String> scope : ctes) {
            if (scope.contains(lower(name))) {
                return true;
            }
        }
        return false;
    }

    /** Path identifiers; a backquoted part may hold several dotted names, and project names may have dashes. */
    private List<String> pathParts() {
        List<String> parts = new ArrayList<>();
        do {
            Token t = next();
            if (!t.isIdentifier()) {
                throw syntax("Syntax error: Unexpected " + describe(t));
            }
            StringBuilder name = new StringBuilder(t.text());
            while (t.kind() == Token.Kind.IDENT && peek().isOp("-") && !peek().spaceBefore()
                    && (tokens.get(i + 1).kind() == Token.Kind.IDENT || tokens.get(i + 1).kind() == Token.Kind.INTEGER)
                    && !tokens.get(i + 1).spaceBefore()) {
                name.append('-').append(tokens.get(i + 1).text());
                i += 2;
            }
            if (t.kind() == Token.Kind.QUOTED_IDENT) {
                for (String p : name.toString().split("\\.", -1)) {
                    parts.add(p);
                }
            } else {
                parts.add(name.toString());
            }
        } while (peek().isOp(".") && tokens.get(i + 1).isIdentifier() && i++ >= 0);
        return parts;
    }

    private TableRef tablePath() {
        Token at = peek();
        List<String> parts = pathParts();
        for (String p : parts) {
            if (p.equalsIgnoreCase("INFORMATION_SCHEMA")) {
                throw unsupported("INFORMATION_SCHEMA");
            }
            if (p.endsWith("*")) {
                throw unsupported("Wildcard table " + String.join(".", parts));
            }
        }
        try {
            return switch (parts.size()) {
                case 3 -> new TableRef(parts.get(0), parts.get(1), parts.get(2));
                case 2 -> new TableRef(ctx.project(), parts.get(0), parts.get(1));
                case 1 -> {
                    if (ctx.defaultDataset() == null) {
                        throw BigQueryError.invalidQuery("Table name \"" + parts.get(0)
                                + "\" missing dataset while no default dataset is set in the request.");
                    }
                    yield new TableRef(ctx.defaultDataset().project(), ctx.defaultDataset().dataset(), parts.get(0));
                }
                default -> throw syntax("Invalid table name: " + String.join(".", parts), at);
            };
        } catch (BigQueryError e) {
            if (e.reason().equals("invalid")) {
                throw BigQueryError.invalidQuery(e.getMessage());
            }
            throw e;
        }
    }

    private String optionalAlias() {
        if (acceptKeyword("AS")) {
            return identifier();
        }
        if (peek().isIdentifier()) {
            return identifier();
        }
        return null;
    }

    private List<String> identifierList() {
        expectOp("(");
        List<String> names = new ArrayList<>();
        do {
            names.add(quote(identifier()));
        } while (acceptOp(","));
        expectOp(")");
        return names;
    }

    // ---------------------------------------------------------------- expressions

    private String expr() {
        String left = and();
        while (acceptKeyword("OR")) {
            left = "(" + left + " OR " + and() + ")";
        }
        return left;
    }

    private String and() {
        String left = not();
        while (acceptKeyword("AND")) {
            left = "(" + left + " AND " + not() + ")";
        }
        return left;
    }

    private String not() {
        if (acceptKeyword("NOT")) {
            return "(NOT " + not() + ")";
        }
        return comparison();
    }

    private String comparison() {
        String left = additive();
        Token t = peek();
        if (t.kind() == Token.Kind.OP && Set.of("=", "!=", "<>", "<", ">", "<=", ">=").contains(t.text())) {
            i++;
            String op = t.text().equals("!=") ? "<>" : t.text();
            return "(" + left + " " + op + " " + additive() + ")";
        }
        boolean negated = false;
        if (t.isKeyword("NOT") && (tokens.get(i + 1).isKeyword("LIKE") || tokens.get(i + 1).isKeyword("BETWEEN")
                || tokens.get(i + 1).isKeyword("IN"))) {
            i++;
            negated = true;
            t = peek();
        }
        String not = negated ? "NOT " : "";
        if (acceptKeyword("LIKE")) {
            if (peek().isKeyword("ANY") || peek().isKeyword("ALL") || peek().isKeyword("SOME")) {
                throw unsupported("LIKE " + peek().text());
            }
            return "(" + left + " " + not + "LIKE " + additive() + " ESCAPE '\\')";
        }
        if (acceptKeyword("BETWEEN")) {
            String low = additive();
            expectKeyword("AND");
            return "(" + left + " " + not + "BETWEEN " + low + " AND " + additive() + ")";
        }
        if (acceptKeyword("IN")) {
            if (acceptKeyword("UNNEST")) {
                expectOp("(");
                String array = expr();
                expectOp(")");
                return "(" + left + " " + not + "IN (SELECT unnest(" + array + ")))";
            }
            expectOp("(");
            if (isQueryStart(i)) {
                String q = query();
                expectOp(")");
                return "(" + left + " " + not + "IN (" + q + "))";
            }
            List<String> values = new ArrayList<>();
            do {
                values.add(expr());
            } while (acceptOp(","));
            expectOp(")");
            return "(" + left + " " + not + "IN (" + String.join(", ", values) + "))";
        }
        if (negated) {
            throw syntax("Syntax error: Unexpected " + describe(t));
        }
        if (acceptKeyword("IS")) {
            boolean isNot = acceptKeyword("NOT");
            if (acceptKeyword("NULL")) {
                return "(" + left + (isNot ? " IS NOT NULL)" : " IS NULL)");
            }
            if (acceptKeyword("TRUE")) {
                return "(" + left + (isNot ? " IS DISTINCT FROM TRUE)" : " IS NOT DISTINCT FROM TRUE)");
            }
            if (acceptKeyword("FALSE")) {
                return "(" + left + (isNot ? " IS DISTINCT FROM FALSE)" : " IS NOT DISTINCT FROM FALSE)");
            }
            if (acceptKeyword("DISTINCT")) {
                expectKeyword("FROM");
                return "(" + left + (isNot ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") + additive() + ")";
            }
            throw syntax("Syntax error: Unexpected " + describe(peek()) + " after IS");
        }
        return left;
    }

    private String additive() {
        String left = multiplicative();
        while (true) {
            Token t = peek();
            if (t.isOp("+") || t.isOp("-")) {
                i++;
                left = "(" + left + " " + t.text() + " " + multiplicative() + ")";
            } else if (t.isOp("&") || t.isOp("|") || t.isOp("^") || t.isOp("<<") || t.isOp(">>")) {
                throw unsupported("Bitwise operator " + t.text());
            } else {
                return left;
            }
        }
    }

    private String multiplicative() {
        String left = unary();
        while (true) {
            Token t = peek();
            if (t.isOp("*")) {
                i++;
                left = "(" + left + " * " + unary() + ")";
            } else if (t.isOp("/")) {
                i++;
                left = "bq_div(" + left + ", " + unary() + ")";
            } else if (t.isOp("||")) {
                i++;
                left = "(" + left + " || " + unary() + ")";
            } else if (t.isOp("%")) {
                throw unsupported("Operator % (use MOD)");
            } else {
                return left;
            }
        }
    }

    private String unary() {
        if (acceptOp("-")) {
            return "(- " + unary() + ")";
        }
        if (acceptOp("+")) {
            return unary();
        }
        if (peek().isOp("~")) {
            throw unsupported("Bitwise operator ~");
        }
        return postfix(primary());
    }

    private String postfix(String base) {
        String e = base;
        while (true) {
            if (peek().isOp(".") && tokens.get(i + 1).isIdentifier()) {
                i++;
                String field = identifier();
                e = e.startsWith("\"") && e.matches("(\"([^\"]|\"\")*\"\\.)*\"([^\"]|\"\")*\"")
                        ? e + "." + quote(field)
                        : "struct_extract(" + e + ", " + literal(field) + ")";
            } else if (acceptOp("[")) {
                e = subscript(e);
            } else {
                return e;
            }
        }
    }

    private String subscript(String array) {
        Token t = peek();
        String fn = t.kind() == Token.Kind.IDENT ? upper(t) : "";
        if (Set.of("OFFSET", "SAFE_OFFSET", "ORDINAL", "SAFE_ORDINAL").contains(fn) && tokens.get(i + 1).isOp("(")) {
            i += 2;
            String index = expr();
            expectOp(")");
            expectOp("]");
            return switch (fn) {
                case "OFFSET" -> "bq_offset(" + array + ", " + index + ")";
                case "SAFE_OFFSET" -> "bq_safe_offset(" + array + ", " + index + ")";
                case "ORDINAL" -> "bq_offset(" + array + ", (" + index + ") - 1)";
                default -> "bq_safe_offset(" + array + ", (" + index + ") - 1)";
            };
        }
        String index = expr();
        expectOp("]");
        return "bq_offset(" + array + ", " + index + ")";
    }

    private String primary() {
        Token t = next();
        switch (t.kind()) {
            case STRING:
                return literal(t.text());
            case BYTES:
                return "from_hex(" + literal(hex(t.text())) + ")";
            case INTEGER:
                return t.text();
            case FLOAT:
                return "CAST(" + t.text() + " AS DOUBLE)";
            case NAMED_PARAM: {
                String value = ctx.named().get(lower(t.text()));
                if (value == null) {
                    throw syntaxAt("Query parameter '" + t.text() + "' not found", t);
                }
                return value;
            }
            case POSITIONAL_PARAM:
                if (positionalUsed >= ctx.positional().size()) {
                    throw syntaxAt("Query has more positional parameters than were given", t);
                }
                return ctx.positional().get(positionalUsed++);
            case OP:
                if (t.text().equals("(")) {
                    if (isQueryStart(i)) {
                        String q = query();
                        expectOp(")");
                        return "(" + q + ")";
                    }
                    String inner = expr();
                    if (peek().isOp(",")) {
                        throw unsupported("Tuple syntax (a, b) for STRUCT values");
                    }
                    expectOp(")");
                    return "(" + inner + ")";
                }
                if (t.text().equals("[")) {
                    return arrayLiteral();
                }
                break;
            case KEYWORD:
                return keywordPrimary(t);
            case IDENT:
            case QUOTED_IDENT:
                return identifierPrimary(t);
            default:
                break;
        }
        throw syntaxAt("Syntax error: Unexpected " + describe(t), t);
    }

    private String keywordPrimary(Token t) {
        switch (t.text()) {
            case "NULL":
                return "NULL";
            case "TRUE":
                return "TRUE";
            case "FALSE":
                return "FALSE";
            case "CASE":
                return caseExpr();
            case "CAST":
                return cast(false);
            case "EXTRACT":
                return extract();
            case "EXISTS": {
                expectOp("(");
                String q = query();
                expectOp(")");
                return "(EXISTS (" + q + "))";
            }
            case "ARRAY": {
                if (peek().isOp("<")) {
                    throw unsupported("Typed ARRAY<...> literals");
                }
                if (acceptOp("[")) {
                    return arrayLiteral();
                }
                expectOp("(");
                String q = query();
                expectOp(")");
                return "ARRAY(" + q + ")";
            }
            case "STRUCT":
                return struct();
            case "IF":
            case "LEFT":
            case "RIGHT":
                if (peek().isOp("(")) {
                    return call(t.text(), t);
                }
                break;
            case "INTERVAL":
                throw unsupported("INTERVAL outside DATE_ADD/DATE_SUB/TIMESTAMP_ADD/TIMESTAMP_SUB");
            default:
                break;
        }
        throw syntaxAt("Syntax error: Unexpected keyword " + t.text(), t);
    }

    private String identifierPrimary(Token t) {
        String word = upper(t);
        if (t.kind() == Token.Kind.IDENT && peek().kind() == Token.Kind.STRING
                && Set.of("DATE", "TIMESTAMP", "DATETIME", "TIME", "NUMERIC", "BIGNUMERIC", "JSON", "RANGE")
                .contains(word)) {
            return typedLiteral(word, next());
        }
        if (t.kind() == Token.Kind.IDENT && peek().isOp("(")) {
            return call(word, t);
        }
        if (t.kind() == Token.Kind.IDENT && peek().isOp(".") && tokens.get(i + 1).isIdentifier()
                && tokens.get(i + 2).isOp("(")) {
            throw unsupported("Function " + t.text() + "." + tokens.get(i + 1).text()
                    + " (user-defined or prefixed functions)");
        }
        if (t.kind() == Token.Kind.IDENT && Set.of("CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_DATETIME")
                .contains(word)) {
            return Functions.lookup(word).emit().apply(List.of());
        }
        if (t.kind() == Token.Kind.QUOTED_IDENT && t.text().contains(".")) {
            List<String> quoted = new ArrayList<>();
            for (String p : t.text().split("\\.")) {
                quoted.add(quote(p));
            }
            return String.join(".", quoted);
        }
        return quote(t.text());
    }

    private String typedLiteral(String type, Token value) {
        String bqType = switch (type) {
            case "DATE" -> "DATE";
            case "TIMESTAMP" -> "TIMESTAMP";
            case "DATETIME" -> "DATETIME";
            case "TIME" -> "TIME";
            case "NUMERIC" -> "NUMERIC";
            default -> throw unsupported(type + " literals");
        };
        try {
            return org.dicompipe.emulator.bigquery.SqlLiterals.scalar(
                    new com.google.gson.JsonPrimitive(value.text()), bqType);
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw syntaxAt("Invalid " + type + " literal: " + value.text(), value);
        }
    }

    private String arrayLiteral() {
        List<String> elements = new ArrayList<>();
        if (!peek().isOp("]")) {
            do {
                elements.add(expr());
            } while (acceptOp(","));
        }
        expectOp("]");
        return "[" + String.join(", ", elements) + "]";
    }

    private String struct() {
        if (peek().isOp("<")) {
            throw unsupported("Typed STRUCT<...> constructors");
        }
        expectOp("(");
        List<String> fields = new ArrayList<>();
        do {
            int start = i;
            String e = expr();
            String name;
            if (acceptKeyword("AS")) {
                name = identifier();
            } else {
                name = pathName(start, i);
                if (name == null) {
                    throw unsupported("STRUCT fields without names");
                }
            }
            fields.add(literal(name) + ": " + e);
        } while (acceptOp(","));
        expectOp(")");
        return "{" + String.join(", ", fields) + "}";
    }

    private String caseExpr() {
        StringBuilder sb = new StringBuilder("(CASE");
        if (!peek().isKeyword("WHEN")) {
            sb.append(' ').append(expr());
        }
        if (!peek().isKeyword("WHEN")) {
            throw syntax("Syntax error: Expected keyword WHEN but got " + describe(peek()));
        }
        while (acceptKeyword("WHEN")) {
            sb.append(" WHEN ").append(expr());
            expectKeyword("THEN");
            sb.append(" THEN ").append(expr());
        }
        if (acceptKeyword("ELSE")) {
            sb.append(" ELSE ").append(expr());
        }
        expectKeyword("END");
        return sb.append(" END)").toString();
    }

    private String cast(boolean safe) {
        expectOp("(");
        String value = expr();
        expectKeyword("AS");
        String type = typeName();
        if (peek().kind() == Token.Kind.IDENT && upper(peek()).equals("FORMAT")) {
            throw unsupported("CAST ... FORMAT");
        }
        expectOp(")");
        if (type.equals("VARCHAR")) {
            String s = "bq_to_string(" + value + ")";
            return safe ? "TRY_CAST(" + s + " AS VARCHAR)" : s;
        }
        if (type.equals("BIGINT") && !safe) {
            return "bq_to_int64(" + value + ")";
        }
        if (type.equals("BLOB")) {
            return "(CASE WHEN typeof(" + value + ") = 'VARCHAR' THEN encode(CAST(" + value
                    + " AS VARCHAR)) ELSE CAST(" + value + " AS BLOB) END)";
        }
        return (safe ? "TRY_CAST(" : "CAST(") + value + " AS " + type + ")";
    }

    private String typeName() {
        Token t = next();
        String word = t.kind() == Token.Kind.KEYWORD || t.kind() == Token.Kind.IDENT ? upper(t) : "";
        if (peek().isOp("<") || peek().isOp("(")) {
            throw unsupported("Parameterized or complex type " + word + (peek().isOp("<") ? "<...>" : "(...)"));
        }
        return switch (word) {
            case "INT64", "INT", "INTEGER", "SMALLINT", "BIGINT", "TINYINT", "BYTEINT" -> "BIGINT";
            case "FLOAT64", "FLOAT" -> "DOUBLE";
            case "NUMERIC", "DECIMAL" -> "DECIMAL(38,9)";
            case "BOOL", "BOOLEAN" -> "BOOLEAN";
            case "STRING" -> "VARCHAR";
            case "BYTES" -> "BLOB";
            case "DATE" -> "DATE";
            case "DATETIME" -> "TIMESTAMP";
            case "TIMESTAMP" -> "TIMESTAMPTZ";
            case "TIME" -> "TIME";
            default -> throw unsupported("Type " + t.text());
        };
    }

    private String extract() {
        expectOp("(");
        String part = upper(next());
        expectKeyword("FROM");
        String value = expr();
        if (peek().isKeyword("AT")) {
            throw unsupported("EXTRACT ... AT TIME ZONE");
        }
        expectOp(")");
        return switch (part) {
            case "YEAR", "QUARTER", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "ISOYEAR" ->
                    "extract(" + part.toLowerCase(Locale.ROOT) + " FROM " + value + ")";
            case "DAYOFYEAR" -> "dayofyear(" + value + ")";
            case "DAYOFWEEK" -> "(dayofweek(" + value + ") + 1)";
            case "ISOWEEK" -> "week(" + value + ")";
            case "MILLISECOND" -> "(millisecond(" + value + ") % 1000)";
            case "MICROSECOND" -> "(microsecond(" + value + ") % 1000000)";
            case "DATE" -> "CAST(" + value + " AS DATE)";
            default -> throw unsupported("EXTRACT(" + part + " ...)");
        };
    }

    // ---------------------------------------------------------------- function calls

    private String call(String name, Token at) {
        expectOp("(");
        switch (name) {
            case "SAFE_CAST":
                i--;
                return cast(true);
            case "DATE_ADD", "DATE_SUB", "TIMESTAMP_ADD", "TIMESTAMP_SUB", "DATETIME_ADD", "DATETIME_SUB":
                return dateArithmetic(name);
            case "DATE_DIFF", "TIMESTAMP_DIFF", "DATETIME_DIFF":
                return dateDiff(name);
            case "DATE_TRUNC", "TIMESTAMP_TRUNC", "DATETIME_TRUNC":
                return dateTrunc(name);
            case "FORMAT_DATE", "FORMAT_TIMESTAMP", "FORMAT_DATETIME":
                return formatTime(name);
            case "PARSE_DATE", "PARSE_TIMESTAMP", "PARSE_DATETIME":
                return parseTime(name);
            case "REGEXP_EXTRACT":
                return regexpExtract();
            default:
                break;
        }
        Functions.Spec spec = Functions.lookup(name);
        if (spec == null) {
            throw BigQueryError.invalidQuery("Function " + name + " is not supported by the local BigQuery emulator"
                    + position(at));
        }
        boolean distinct = false;
        boolean ignoreNulls = false;
        String orderBy = null;
        String limit = null;
        List<String> args = new ArrayList<>();
        if (spec.kind() == Functions.Kind.AGGREGATE && acceptKeyword("DISTINCT")) {
            if (!Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "ARRAY_AGG", "STRING_AGG").contains(name)) {
                throw unsupported(name + "(DISTINCT ...)");
            }
            distinct = true;
        }
        if (name.equals("COUNT") && peek().isOp("*")) {
            i++;
            expectOp(")");
            return window("count(*)", spec);
        }
        if (!peek().isOp(")")) {
            do {
                args.add(expr());
            } while (acceptOp(","));
        }
        if (peek().isKeyword("IGNORE") || peek().isKeyword("RESPECT")) {
            boolean ignore = next().text().equals("IGNORE");
            expectKeyword("NULLS");
            if (!name.equals("ARRAY_AGG")) {
                throw unsupported((ignore ? "IGNORE" : "RESPECT") + " NULLS in " + name);
            }
            ignoreNulls = ignore;
        }
        if (peek().isKeyword("ORDER")) {
            if (!name.equals("ARRAY_AGG") && !name.equals("STRING_AGG")) {
                throw unsupported("ORDER BY inside " + name);
            }
            i++;
            expectKeyword("BY");
            orderBy = orderList();
        }
        if (peek().isKeyword("LIMIT")) {
            if (!name.equals("ARRAY_AGG") && !name.equals("STRING_AGG")) {
                throw unsupported("LIMIT inside " + name);
            }
            i++;
            limit = expr();
        }
        expectOp(")");
        if (args.size() < spec.minArgs() || args.size() > spec.maxArgs()) {
            throw BigQueryError.invalidQuery("No matching signature for function " + name + " with " + args.size()
                    + " argument(s)" + position(at));
        }
        String sql;
        if (spec.kind() == Functions.Kind.AGGREGATE && (distinct || orderBy != null || ignoreNulls)) {
            String fn = spec.emit().apply(args);
            int open = fn.indexOf('(');
            String inner = fn.substring(open + 1, fn.length() - 1);
            sql = fn.substring(0, open + 1) + (distinct ? "DISTINCT " : "") + inner
                    + (orderBy != null ? " ORDER BY " + orderBy : "") + ")"
                    + (ignoreNulls ? " FILTER (WHERE " + args.get(0) + " IS NOT NULL)" : "");
        } else {
            sql = spec.emit().apply(args);
        }
        if (limit != null) {
            sql = name.equals("ARRAY_AGG") ? "list_slice(" + sql + ", 1, " + limit + ")"
                    : throwUnsupported("LIMIT inside STRING_AGG");
        }
        if (spec.kind() == Functions.Kind.SCALAR) {
            if (peek().isKeyword("OVER")) {
                throw syntax("Syntax error: " + name + " is not an aggregate or analytic function");
            }
            return sql;
        }
        if (spec.kind() == Functions.Kind.WINDOW && !peek().isKeyword("OVER")) {
            throw BigQueryError.invalidQuery("Analytic function " + name + " cannot be called without an OVER clause"
                    + position(at));
        }
        return window(sql, spec);
    }

    private static String throwUnsupported(String what) {
        throw unsupported(what);
    }

    private String window(String call, Functions.Spec spec) {
        if (!acceptKeyword("OVER")) {
            return call;
        }
        if (!peek().isOp("(")) {
            throw unsupported("Named windows");
        }
        i++;
        StringBuilder sb = new StringBuilder(call).append(" OVER (");
        if (acceptKeyword("PARTITION")) {
            expectKeyword("BY");
            List<String> parts = new ArrayList<>();
            do {
                parts.add(expr());
            } while (acceptOp(","));
            sb.append("PARTITION BY ").append(String.join(", ", parts));
        }
        if (acceptKeyword("ORDER")) {
            expectKeyword("BY");
            sb.append(" ORDER BY ").append(orderList());
        }
        if (peek().isKeyword("ROWS") || peek().isKeyword("RANGE")) {
            sb.append(' ').append(next().text());
            if (acceptKeyword("BETWEEN")) {
                sb.append(" BETWEEN ").append(frameBound());
                expectKeyword("AND");
                sb.append(" AND ").append(frameBound());
            } else {
                sb.append(' ').append(frameBound());
            }
        }
        expectOp(")");
        return sb.append(')').toString();
    }

    private String frameBound() {
        if (acceptKeyword("UNBOUNDED")) {
            Token d = next();
            if (!d.isKeyword("PRECEDING") && !d.isKeyword("FOLLOWING")) {
                throw syntaxAt("Syntax error: Expected PRECEDING or FOLLOWING", d);
            }
            return "UNBOUNDED " + d.text();
        }
        if (acceptKeyword("CURRENT")) {
            Token row = next();
            if (!row.isIdentifier() || !upper(row).equals("ROW")) {
                throw syntaxAt("Syntax error: Expected ROW after CURRENT", row);
            }
            return "CURRENT ROW";
        }
        Token n = next();
        if (n.kind() != Token.Kind.INTEGER) {
            throw unsupported("Window frame bound other than an integer, UNBOUNDED or CURRENT ROW");
        }
        Token d = next();
        if (!d.isKeyword("PRECEDING") && !d.isKeyword("FOLLOWING")) {
            throw syntaxAt("Syntax error: Expected PRECEDING or FOLLOWING", d);
        }
        return n.text() + " " + d.text();
    }

    private String dateArithmetic(String name) {
        String value = expr();
        expectOp(",");
        expectKeyword("INTERVAL");
        String amount = expr();
        String part = upper(next());
        expectOp(")");
        boolean date = name.startsWith("DATE_");
        Set<String> allowed = date ? Set.of("DAY", "WEEK", "MONTH", "QUARTER", "YEAR")
                : Set.of("MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY");
        if (!allowed.contains(part)) {
            throw unsupported(name + " with INTERVAL ... " + part);
        }
        String sign = name.endsWith("_SUB") ? " - " : " + ";
        String interval = switch (part) {
            case "WEEK" -> "to_days(CAST(" + amount + " AS BIGINT) * 7)";
            case "QUARTER" -> "to_months(CAST(" + amount + " AS BIGINT) * 3)";
            default -> "to_" + part.toLowerCase(Locale.ROOT) + "s(CAST(" + amount + " AS BIGINT))";
        };
        String sum = "(" + value + sign + interval + ")";
        if (date) {
            return "CAST(" + sum + " AS DATE)";
        }
        return name.startsWith("TIMESTAMP") ? "CAST(" + sum + " AS TIMESTAMPTZ)" : "CAST(" + sum + " AS TIMESTAMP)";
    }

    private String dateDiff(String name) {
        String a = expr();
        expectOp(",");
        String b = expr();
        expectOp(",");
        String part = upper(next());
        expectOp(")");
        if (name.equals("DATE_DIFF")) {
            return switch (part) {
                case "DAY" -> "(CAST(" + a + " AS DATE) - CAST(" + b + " AS DATE))";
                case "MONTH", "QUARTER", "YEAR" -> "date_diff('" + part.toLowerCase(Locale.ROOT) + "', CAST(" + b
                        + " AS DATE), CAST(" + a + " AS DATE))";
                default -> throw unsupported("DATE_DIFF with part " + part);
            };
        }
        long unit = switch (part) {
            case "MICROSECOND" -> 1L;
            case "MILLISECOND" -> 1_000L;
            case "SECOND" -> 1_000_000L;
            case "MINUTE" -> 60_000_000L;
            case "HOUR" -> 3_600_000_000L;
            case "DAY" -> 86_400_000_000L;
            default -> throw unsupported(name + " with part " + part);
        };
        return "((epoch_us(" + a + ") - epoch_us(" + b + ")) // " + unit + ")";
    }

    private String dateTrunc(String name) {
        String value = expr();
        expectOp(",");
        String part = upper(next());
        if (peek().isOp(",")) {
            throw unsupported(name + " with a time zone");
        }
        expectOp(")");
        Set<String> allowed = name.equals("DATE_TRUNC") ? Set.of("DAY", "MONTH", "QUARTER", "YEAR", "ISOWEEK")
                : Set.of("MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY", "MONTH", "QUARTER", "YEAR",
                "ISOWEEK");
        if (!allowed.contains(part)) {
            throw unsupported(name + " to " + part);
        }
        String duckPart = part.equals("ISOWEEK") ? "week" : part.toLowerCase(Locale.ROOT);
        String target = switch (name) {
            case "DATE_TRUNC" -> "DATE";
            case "TIMESTAMP_TRUNC" -> "TIMESTAMPTZ";
            default -> "TIMESTAMP";
        };
        return "CAST(date_trunc('" + duckPart + "', " + value + ") AS " + target + ")";
    }

    private static final Set<String> FORMAT_ELEMENTS = Set.of("Y", "m", "d", "H", "M", "S", "j", "y", "b", "B",
            "a", "A", "p", "I", "F", "T", "%", "e");

    private String strftimeFormat(Token format) {
        if (format.kind() != Token.Kind.STRING) {
            throw unsupported("Format strings that are not literals");
        }
        String f = format.text();
        for (int k = 0; k < f.length(); k++) {
            if (f.charAt(k) == '%') {
                if (k + 1 >= f.length() || !FORMAT_ELEMENTS.contains(String.valueOf(f.charAt(k + 1)))) {
                    throw unsupported("Format element %" + (k + 1 < f.length() ? f.charAt(k + 1) : ""));
                }
                k++;
            }
        }
        return literal(f.replace("%F", "%Y-%m-%d").replace("%T", "%H:%M:%S"));
    }

    /** The {@code (format, value)} arguments of FORMAT_* and PARSE_*, without a time zone. */
    private String[] formatAndValue(String name) {
        String format = strftimeFormat(next());
        expectOp(",");
        String value = expr();
        if (peek().isOp(",")) {
            throw unsupported(name + " with a time zone");
        }
        expectOp(")");
        return new String[] {format, value};
    }

    private String formatTime(String name) {
        String[] args = formatAndValue(name);
        return "strftime(" + args[1] + ", " + args[0] + ")";
    }

    private String parseTime(String name) {
        String[] args = formatAndValue(name);
        String target = switch (name) {
            case "PARSE_DATE" -> "DATE";
            case "PARSE_TIMESTAMP" -> "TIMESTAMPTZ";
            default -> "TIMESTAMP";
        };
        return "CAST(strptime(" + args[1] + ", " + args[0] + ") AS " + target + ")";
    }

    private String regexpExtract() {
        String value = expr();
        expectOp(",");
        Token regex = next();
        if (regex.kind() != Token.Kind.STRING) {
            throw unsupported("REGEXP_EXTRACT with a regular expression that is not a literal");
        }
        if (peek().isOp(",")) {
            throw unsupported("REGEXP_EXTRACT with position or occurrence");
        }
        expectOp(")");
        int groups = captureGroups(regex.text());
        if (groups > 1) {
            throw BigQueryError.invalidQuery("Regular expressions passed into extraction functions must not have"
                    + " more than 1 capturing group");
        }
        String re = literal(regex.text());
        return "(CASE WHEN regexp_matches(" + value + ", " + re + ") THEN regexp_extract(" + value + ", " + re
                + ", " + groups + ") END)";
    }

    private static int captureGroups(String regex) {
        int count = 0;
        for (int k = 0; k < regex.length(); k++) {
            char c = regex.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '[') {
                while (k < regex.length() && regex.charAt(k) != ']') {
                    k += regex.charAt(k) == '\\' ? 2 : 1;
                }
            } else if (c == '(' && (k + 1 >= regex.length() || regex.charAt(k + 1) != '?')) {
                count++;
            } else if (c == '(' && regex.startsWith("?P<", k + 1)) {
                count++;
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- tokens

    private Token peek() {
        return tokens.get(i);
    }

    private Token next() {
        Token t = tokens.get(i);
        if (t.kind() != Token.Kind.EOF) {
            i++;
        }
        return t;
    }

    private boolean acceptKeyword(String k) {
        if (peek().isKeyword(k)) {
            i++;
            return true;
        }
        return false;
    }

    private boolean acceptOp(String o) {
        if (peek().isOp(o)) {
            i++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String k) {
        if (!acceptKeyword(k)) {
            throw syntax("Syntax error: Expected keyword " + k + " but got " + describe(peek()));
        }
    }

    private void expectOp(String o) {
        if (!acceptOp(o)) {
            throw syntax("Syntax error: Expected \"" + o + "\" but got " + describe(peek()));
        }
    }

    private String identifier() {
        Token t = next();
        if (!t.isIdentifier()) {
            throw syntaxAt("Syntax error: Unexpected " + describe(t), t);
        }
        return t.text();
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "end of input";
            case KEYWORD -> "keyword " + t.text();
            case STRING -> "string literal";
            case INTEGER, FLOAT -> "number " + t.text();
            case IDENT, QUOTED_IDENT -> "identifier " + t.text();
            default -> "\"" + t.text() + "\"";
        };
    }

    private BigQueryError syntax(String message) {
        return syntaxAt(message, peek());
    }

    private BigQueryError syntax(String message, Token at) {
        return syntaxAt(message, at);
    }

    private BigQueryError syntaxAt(String message, Token at) {
        return syntaxError(message, source, at.start());
    }

    private String position(Token at) {
        BigQueryError e = syntaxError("", source, at.start());
        return e.getMessage();
    }

    private static String upper(Token t) {
        return t.text().toUpperCase(Locale.ROOT);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String literal(String text) {
        return org.dicompipe.emulator.bigquery.SqlLiterals.string(text);
    }

    private static String hex(String bytesLiteral) {
        StringBuilder sb = new StringBuilder();
        for (char c : bytesLiteral.toCharArray()) {
            if (c <= 0xFF) {
                sb.append(String.format(Locale.ROOT, "%02x", (int) c));
            } else {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    sb.append(String.format(Locale.ROOT, "%02x", b & 0xFF));
                }
            }
        }
        return sb.toString();
    }
}
