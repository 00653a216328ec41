package org.dicompipe.emulator.deid;

/**
 * What de-identification does with one attribute: the action codes of DICOM PS3.15 Table E.1-1a, after the
 * compound codes (Z/D, X/Z, ...) have been resolved to one of them.
 */
enum TagAction {
    /** K: keep; a sequence is kept with its items de-identified with the same rules. */
    KEEP,
    /** X: remove. */
    REMOVE,
    /** Z: replace with a zero-length value (an empty sequence for SQ). */
    EMPTY,
    /** D: replace with a non-zero-length dummy value consistent with the VR. */
    DUMMY,
    /** U: replace each UID with one derived from it and the job's secret, so references stay consistent. */
    REPLACE_UID;

    /**
     * Resolves a Basic Profile code. Without per-IOD knowledge of attribute types the compound codes take the
     * alternative that keeps a Type 2 attribute conformant: Z/D, X/Z and X/Z/D empty the value, X/D puts a dummy
     * in, and X/Z/U* (sequences of references) keeps the sequence with its UIDs replaced.
     */
    static TagAction ofProfileCode(String code) {
        return switch (code) {
            case "K", "C", "X/Z/U*" -> KEEP;
            case "X" -> REMOVE;
            case "Z", "Z/D", "X/Z", "X/Z/D" -> EMPTY;
            case "D", "X/D" -> DUMMY;
            case "U" -> REPLACE_UID;
            default -> throw new IllegalArgumentException("unknown de-identification action code: " + code);
        };
    }
}
