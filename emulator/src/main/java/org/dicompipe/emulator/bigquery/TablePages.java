package org.dicompipe.emulator.bigquery;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a stored table page by page in BigQuery's row shape. Rows come in storage order (rowid), so
 * offsets are stable between pages; page tokens are opaque encodings of the next offset.
 */
final class TablePages {

    /** Pages without maxResults stop near BigQuery's response size limit. */
    private static final long DEFAULT_PAGE_BYTES = 8L * 1024 * 1024;
    private static final int DEFAULT_PAGE_ROWS = 100_000;

    record Page(JsonArray rows, String nextPageToken, long totalRows) {
    }

    private TablePages() {
    }

    static Page read(BigQueryStore store, BigQueryStore.StoredTable table, List<TableField> fields, Long maxResults,
                     String pageToken, Long startIndex, boolean int64Timestamps) throws SQLException {
        long offset = pageToken != null && !pageToken.isEmpty() ? decode(pageToken)
                : startIndex == null ? 0 : startIndex;
        if (offset < 0) {
            throw BigQueryError.invalid("startIndex must not be negative");
        }
        if (maxResults != null && maxResults < 0) {
            throw BigQueryError.invalid("maxResults must not be negative");
        }
        long limit = maxResults == null ? DEFAULT_PAGE_ROWS : maxResults;
        CellWriter writer = new CellWriter(int64Timestamps);
        JsonArray rows = new JsonArray();
        long total;
        synchronized (store) {
            total = store.rowCount(table);
            if (limit > 0 && offset < total && !fields.isEmpty()) {
                StringBuilder columns = new StringBuilder();
                for (TableField f : fields) {
                    if (!columns.isEmpty()) {
                        columns.append(", ");
                    }
                    columns.append(TableField.quote(f.name()));
                }
                String sql = "SELECT " + columns + " FROM " + table.storageName() + " ORDER BY rowid LIMIT " + limit
                        + " OFFSET " + offset;
                long bytes = 0;
                try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        List<Object> values = new ArrayList<>(fields.size());
                        for (int c = 1; c <= fields.size(); c++) {
                            values.add(rs.getObject(c));
                        }
                        JsonObject row = writer.row(fields, values);
                        rows.add(row);
                        if (maxResults == null) {
                            bytes += row.toString().length();
                            if (bytes > DEFAULT_PAGE_BYTES) {
                                break;
                            }
                        }
                    }
                }
            }
        }
        long next = offset + rows.size();
        String token = limit > 0 && next < total ? encode(next) : null;
        return new Page(rows, token, total);
    }

    static String encode(long offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("row:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("row:")) {
                return Long.parseLong(text.substring(4));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw BigQueryError.invalid("Invalid page token: " + token);
    }

    /** The table's fields limited to {@code selectedFields} (comma separated, nested with dots). */
    static List<TableField> select(List<TableField> schema, String selectedFields) {
        if (selectedFields == null || selectedFields.isBlank()) {
            return schema;
        }
        List<String> paths = new ArrayList<>();
        for (String p : selectedFields.split(",")) {
            if (!p.isBlank()) {
                paths.add(p.trim());
            }
        }
        for (String p : paths) {
            String top = p.contains(".") ? p.substring(0, p.indexOf('.')) : p;
            if (TableField.find(schema, top) == null) {
                throw BigQueryError.invalid("Invalid field selection " + p);
            }
        }
        return prune(schema, paths, "");
    }

    private static List<TableField> prune(List<TableField> fields, List<String> paths, String prefix) {
        List<TableField> kept = new ArrayList<>();
        for (TableField f : fields) {
            String path = (prefix + f.name()).toLowerCase(java.util.Locale.ROOT);
            boolean whole = paths.stream().anyMatch(p -> p.equalsIgnoreCase(path));
            boolean partial = paths.stream().anyMatch(p -> p.toLowerCase(java.util.Locale.ROOT).startsWith(path + "."));
            if (whole) {
                kept.add(f);
            } else if (partial && f.isRecord()) {
                List<TableField> sub = prune(f.fields(), paths, path + ".");
                if (!sub.isEmpty()) {
                    kept.add(new TableField(f.name(), f.type(), f.mode(), sub));
                }
            }
        }
        return kept;
    }
}
