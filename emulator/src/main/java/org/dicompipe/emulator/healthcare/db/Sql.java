package org.dicompipe.emulator.healthcare.db;

import java.sql.SQLException;
import org.dicompipe.emulator.http.GoogleError;

/** Database calls made while serving a request: a database failure becomes 500 INTERNAL in Google's shape. */
public final class Sql {

    private Sql() {
    }

    @FunctionalInterface
    public interface Call<T> {
        T call() throws SQLException;
    }

    public static <T> T orInternal(Call<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw GoogleError.internal("index database error: " + e.getMessage());
        }
    }
}
