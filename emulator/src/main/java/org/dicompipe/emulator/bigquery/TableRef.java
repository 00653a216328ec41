package org.dicompipe.emulator.bigquery;

import java.util.regex.Pattern;

/**
 * A table's full name. IDs are checked against BigQuery's rules before they reach the catalog.
 */
public record TableRef(String project, String dataset, String table) {

    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]{0,127}");
    private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9_]{1,1024}");
    private static final Pattern TABLE = Pattern.compile("[\\p{L}\\p{M}\\p{N}\\p{Pc}\\p{Pd} ]{1,1024}");

    public TableRef {
        checkProject(project);
        checkDataset(dataset);
        if (table == null || !TABLE.matcher(table).matches()) {
            throw BigQueryError.invalid("Invalid table ID \"" + table + "\". Table IDs must be alphanumeric"
                    + " (plus underscores, dashes and spaces) and at most 1024 characters long.");
        }
    }

    /** Parses {@code bq://project.dataset.table} (the Healthcare API's BigQuery destination form). */
    public static TableRef fromUri(String uri) {
        String rest = uri.startsWith("bq://") ? uri.substring("bq://".length()) : uri;
        int last = rest.lastIndexOf('.');
        int middle = last < 0 ? -1 : rest.lastIndexOf('.', last - 1);
        if (middle < 0) {
            throw BigQueryError.invalid("Invalid BigQuery table URI: " + uri + " (expected bq://project.dataset.table)");
        }
        return new TableRef(rest.substring(0, middle), rest.substring(middle + 1, last), rest.substring(last + 1));
    }

    static void checkProject(String project) {
        if (project == null || !PROJECT.matcher(project).matches()) {
            throw BigQueryError.invalid("Invalid project ID \"" + project + "\"");
        }
    }

    static void checkDataset(String dataset) {
        if (dataset == null || !DATASET.matcher(dataset).matches()) {
            throw BigQueryError.invalid("Invalid dataset ID \"" + dataset + "\". Dataset IDs must be alphanumeric"
                    + " (plus underscores) and must be at most 1024 characters long.");
        }
    }

    /** {@code project:dataset.table}, the form BigQuery uses in ids and messages. */
    public String id() {
        return project + ":" + dataset + "." + table;
    }

    @Override
    public String toString() {
        return project + "." + dataset + "." + table;
    }
}
