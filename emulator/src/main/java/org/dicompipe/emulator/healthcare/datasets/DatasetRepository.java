package org.dicompipe.emulator.healthcare.datasets;

import com.google.api.services.healthcare.v1.model.Dataset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dicompipe.emulator.healthcare.ApiJson;
import org.dicompipe.emulator.healthcare.DatasetName;
import org.dicompipe.emulator.healthcare.db.Database;

/**
 * Dataset resources in the index database. A dataset being deleted is DELETING until its stores are gone, so a
 * crash half-way is finished at the next start.
 */
public final class DatasetRepository {

    private final Database db;

    public DatasetRepository(Database db) throws SQLException {
        this.db = db;
        db.execute("""
                CREATE TABLE IF NOT EXISTS hc_datasets (
                  name TEXT PRIMARY KEY,
                  parent TEXT NOT NULL,
                  json TEXT NOT NULL,
                  state TEXT NOT NULL DEFAULT 'ACTIVE')""",
                "CREATE INDEX IF NOT EXISTS hc_datasets_parent ON hc_datasets (parent, name)");
    }

    /** @return false when a dataset of that name exists (in any state) */
    public boolean insert(Connection c, DatasetName name, Dataset dataset) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO hc_datasets (name, parent, json) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            s.setString(1, name.toString());
            s.setString(2, name.parent());
            s.setString(3, ApiJson.toString(dataset));
            return s.executeUpdate() == 1;
        }
    }

    /** The dataset when it exists and is not being deleted. */
    public Optional<Dataset> find(DatasetName name) throws SQLException {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT json FROM hc_datasets WHERE name = ? AND state = 'ACTIVE'")) {
                s.setString(1, name.toString());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(ApiJson.parse(rs.getString(1), Dataset.class))
                            : Optional.<Dataset>empty();
                }
            }
        });
    }

    public void update(Connection c, DatasetName name, Dataset dataset) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE hc_datasets SET json = ? WHERE name = ? AND state = 'ACTIVE'")) {
            s.setString(1, ApiJson.toString(dataset));
            s.setString(2, name.toString());
            s.executeUpdate();
        }
    }

    /** Active datasets under {@code parent} after {@code afterName} in name order, at most {@code limit}. */
    public List<Dataset> list(String parent, String afterName, int limit) throws SQLException {
        return db.read(c -> {
            List<Dataset> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT json FROM hc_datasets"
                    + " WHERE parent = ? AND state = 'ACTIVE' AND name > ? ORDER BY name LIMIT ?")) {
                s.setString(1, parent);
                s.setString(2, afterName == null ? "" : afterName);
                s.setInt(3, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(ApiJson.parse(rs.getString(1), Dataset.class));
                    }
                }
            }
            return rows;
        });
    }

    /** @return false when there is no active dataset of that name */
    public boolean markDeleting(Connection c, DatasetName name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE hc_datasets SET state = 'DELETING' WHERE name = ? AND state = 'ACTIVE'")) {
            s.setString(1, name.toString());
            return s.executeUpdate() == 1;
        }
    }

    public List<DatasetName> deleting() throws SQLException {
        return db.read(c -> {
            List<DatasetName> names = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM hc_datasets WHERE state = 'DELETING'");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(DatasetName.parse(rs.getString(1)));
                }
            }
            return names;
        });
    }

    public void remove(DatasetName name) throws SQLException {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM hc_datasets WHERE name = ?")) {
                s.setString(1, name.toString());
                s.executeUpdate();
            }
            return null;
        });
    }
}
