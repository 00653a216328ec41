package org.dicompipe.emulator.storage;

/** The three QIDO-RS query levels. */
public enum SearchLevel {
    STUDY, SERIES, INSTANCE
}
