package org.dicompipe.emulator.healthcare.dicomstores;

import com.google.api.services.healthcare.v1.model.DicomStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dicompipe.emulator.healthcare.ApiJson;
import org.dicompipe.emulator.healthcare.DatasetName;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.healthcare.db.Database;

/**
 * DICOM store resources in the index database: the store's JSON as the API shows it, plus a numeric key that
 * names its folder on disk and a state. A store being deleted is DELETING until its data is gone, so that a
 * crash half-way is finished at the next start instead of leaving half a store.
 */
public final class DicomStoreRepository {

    /** A stored store: its numeric key (never reused) and its resource. */
    public record Row(long key, DicomStoreName name, DicomStore store) {
    }

    private final Database db;

    public DicomStoreRepository(Database db) throws SQLException {
        this.db = db;
        db.execute("""
                CREATE TABLE IF NOT EXISTS hc_dicom_stores (
                  key INTEGER PRIMARY KEY AUTOINCREMENT,
                  name TEXT NOT NULL UNIQUE,
                  dataset TEXT NOT NULL,
                  json TEXT NOT NULL,
                  state TEXT NOT NULL DEFAULT 'ACTIVE')""",
                "CREATE INDEX IF NOT EXISTS hc_dicom_stores_dataset ON hc_dicom_stores (dataset, name)");
    }

    /** @return false when a store of that name exists (in any state) */
    public boolean insert(Connection c, DicomStoreName name, DicomStore store) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO hc_dicom_stores (name, dataset, json) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            s.setString(1, name.toString());
            s.setString(2, name.datasetName());
            s.setString(3, ApiJson.toString(store));
            return s.executeUpdate() == 1;
        }
    }

    /** The store when it exists and is not being deleted. */
    public Optional<Row> find(DicomStoreName name) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT key, name, json FROM hc_dicom_stores WHERE name = ? AND state = 'ACTIVE'")) {
                s.setString(1, name.toString());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<Row>empty();
                }
            }
        });
    }

    public void update(Connection c, DicomStoreName name, DicomStore store) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE hc_dicom_stores SET json = ? WHERE name = ? AND state = 'ACTIVE'")) {
            s.setString(1, ApiJson.toString(store));
            s.setString(2, name.toString());
            s.executeUpdate();
        }
    }

    /**
     * Active stores of a dataset in name order after {@code afterName}, keeping those {@code filter} accepts, at
     * most {@code limit + 1} (the extra one tells the caller there is a next page).
     */
    public List<Row> list(DatasetName dataset, String afterName, Predicate<DicomStore> filter, int limit)
            throws SQLException {
        return db.read(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT key, name, json FROM hc_dicom_stores"
                    + " WHERE dataset = ? AND state = 'ACTIVE' AND name > ? ORDER BY name")) {
                s.setString(1, dataset.toString());
                s.setString(2, afterName == null ? "" : afterName);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next() && rows.size() <= limit) {
                        Row row = row(rs);
                        if (filter.test(row.store())) {
                            rows.add(row);
                        }
                    }
                }
            }
            return rows;
        });
    }

    /** @return the store's key, or empty when there is no active store of that name */
    public Optional<Long> markDeleting(Connection c, DicomStoreName name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE hc_dicom_stores SET state = 'DELETING' WHERE name = ? AND state = 'ACTIVE' RETURNING key")) {
            s.setString(1, name.toString());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    public void markAllDeleting(Connection c, DatasetName dataset) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE hc_dicom_stores SET state = 'DELETING' WHERE dataset = ?")) {
            s.setString(1, dataset.toString());
            s.executeUpdate();
        }
    }

    /** Stores whose deletion has started but not finished, in a dataset or (dataset null) anywhere. */
    public List<Row> deleting(DatasetName dataset) throws SQLException {
        return db.read(c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT key, name, json FROM hc_dicom_stores"
                    + " WHERE state = 'DELETING' AND (? IS NULL OR dataset = ?) ORDER BY key")) {
                String d = dataset == null ? null : dataset.toString();
                s.setString(1, d);
                s.setString(2, d);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            return rows;
        });
    }

    /** Every key the database knows, in any state (for reconciling folders on disk). */
    public List<Long> allKeys() throws SQLException {
        return db.read(c -> {
            List<Long> keys = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT key FROM hc_dicom_stores");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                }
            }
            return keys;
        });
    }

    public void remove(long key) throws SQLException {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM hc_dicom_stores WHERE key = ?")) {
                s.setLong(1, key);
                s.executeUpdate();
            }
            return null;
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("key"), DicomStoreName.parse(rs.getString("name")),
                ApiJson.parse(rs.getString("json"), DicomStore.class));
    }
}
