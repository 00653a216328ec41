package org.dicompipe.emulator.healthcare.db;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on one connection; see {@link Database#read} and {@link Database#write}. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
