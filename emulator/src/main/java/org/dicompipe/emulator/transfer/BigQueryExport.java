package org.dicompipe.emulator.transfer;

import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomBigQueryDestination;
import org.dicompipe.emulator.bigquery.BigQueryError;
import org.dicompipe.emulator.bigquery.TableRef;
import org.dicompipe.emulator.http.GoogleError;

/**
 * A checked {@code bigqueryDestination}: the table and what to do with rows already in it. {@code writeDisposition}
 * wins over the older {@code force}; without either the table must be empty (WRITE_EMPTY), {@code force=true} means
 * WRITE_TRUNCATE.
 */
record BigQueryExport(TableRef table, Disposition disposition) {

    enum Disposition { WRITE_EMPTY, WRITE_TRUNCATE, WRITE_APPEND }

    static BigQueryExport parse(GoogleCloudHealthcareV1DicomBigQueryDestination d) {
        String uri = d.getTableUri();
        if (uri == null || uri.isEmpty()) {
            throw GoogleError.invalidArgument("bigqueryDestination.tableUri is required");
        }
        if (!uri.startsWith("bq://")) {
            throw GoogleError.invalidArgument("bigqueryDestination.tableUri: \"" + GcsLocation.printable(uri)
                    + "\" is not of the form bq://projectId.bqDatasetId.tableId");
        }
        TableRef table;
        try {
            table = TableRef.fromUri(uri);
        } catch (BigQueryError e) {
            throw GoogleError.invalidArgument("bigqueryDestination.tableUri: \"" + GcsLocation.printable(uri)
                    + "\" is not of the form bq://projectId.bqDatasetId.tableId: " + e.getMessage());
        }
        String wd = d.getWriteDisposition();
        Disposition disposition;
        if (wd == null || wd.isEmpty() || wd.equals("WRITE_DISPOSITION_UNSPECIFIED")) {
            disposition = Boolean.TRUE.equals(d.getForce()) ? Disposition.WRITE_TRUNCATE : Disposition.WRITE_EMPTY;
        } else {
            try {
                disposition = Disposition.valueOf(wd);
            } catch (IllegalArgumentException e) {
                throw GoogleError.invalidArgument("bigqueryDestination.writeDisposition: invalid value \""
                        + GcsLocation.printable(wd) + "\"");
            }
        }
        return new BigQueryExport(table, disposition);
    }
}
