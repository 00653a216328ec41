package org.dicompipe.emulator;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * One API the emulator serves (the Healthcare API, Cloud Storage, BigQuery). Features are
 * independent: each registers its own servlets under its own path prefix.
 */
public interface EmulatorFeature extends AutoCloseable {

    /** Registers servlets and starts background work. Called once, before the server accepts requests. */
    void install(ServletContextHandler context, EmulatorContext env) throws Exception;

    /** Other features look each other up through {@link EmulatorContext#feature(Class)}. */
    @Override
    default void close() throws Exception {
    }
}
