package org.dicompipe.emulator.bigquery;

import java.util.ArrayList;
import java.util.List;

/**
 * The schema changes BigQuery allows on an existing table: new NULLABLE or REPEATED fields (also
 * inside records) and REQUIRED relaxed to NULLABLE. Anything else is refused with BigQuery's message.
 */
final class SchemaChange {

    private SchemaChange() {
    }

    static List<String> ddl(TableRef ref, String storage, List<TableField> oldSchema, List<TableField> newSchema) {
        List<String> statements = new ArrayList<>();
        for (TableField old : oldSchema) {
            TableField now = TableField.find(newSchema, old.name());
            if (now == null) {
                throw mismatch(ref, "Field " + old.name() + " is missing in new schema");
            }
            check(ref, old, now, old.name());
            if (old.mode().equals("REQUIRED") && now.mode().equals("NULLABLE")) {
                statements.add("ALTER TABLE " + storage + " ALTER COLUMN " + TableField.quote(old.name())
                        + " DROP NOT NULL");
            }
            if (old.isRecord() && !old.duckType().equals(now.duckType())) {
                statements.add("ALTER TABLE " + storage + " ALTER COLUMN " + TableField.quote(old.name())
                        + " TYPE " + now.duckType());
            }
        }
        for (TableField now : newSchema) {
            if (TableField.find(oldSchema, now.name()) == null) {
                if (now.mode().equals("REQUIRED")) {
                    throw BigQueryError.invalid("Provided Schema does not match Table " + ref.id()
                            + ". Cannot add required fields to an existing schema. (field: " + now.name() + ")");
                }
                statements.add("ALTER TABLE " + storage + " ADD COLUMN " + TableField.quote(now.name()) + " "
                        + now.duckType());
            }
        }
        return statements;
    }

    private static void check(TableRef ref, TableField old, TableField now, String path) {
        if (!old.type().equals(now.type())) {
            throw mismatch(ref, "Field " + path + " has changed type from " + old.type() + " to " + now.type());
        }
        boolean relaxed = old.mode().equals("REQUIRED") && now.mode().equals("NULLABLE");
        if (!old.mode().equals(now.mode()) && !relaxed) {
            throw mismatch(ref, "Field " + path + " has changed mode from " + old.mode() + " to " + now.mode());
        }
        for (TableField sub : old.fields()) {
            TableField subNow = now.field(sub.name());
            if (subNow == null) {
                throw mismatch(ref, "Field " + path + "." + sub.name() + " is missing in new schema");
            }
            check(ref, sub, subNow, path + "." + sub.name());
        }
        for (TableField subNow : now.fields()) {
            if (old.field(subNow.name()) == null && subNow.mode().equals("REQUIRED")) {
                throw mismatch(ref, "Cannot add required fields to an existing schema. (field: " + path + "."
                        + subNow.name() + ")");
            }
        }
    }

    private static BigQueryError mismatch(TableRef ref, String detail) {
        return BigQueryError.invalid("Provided Schema does not match Table " + ref.id() + ". " + detail + ".");
    }
}
