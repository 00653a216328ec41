package org.dicompipe.codec;

/** Value Representations of PS3.5 section 6.2. */
public enum VR {
    AE(Kind.STRING, false, 0, false),
    AS(Kind.STRING, false, 0, false),
    AT(Kind.TAG, false, 4, false),
    CS(Kind.STRING, false, 0, false),
    DA(Kind.STRING, false, 0, false),
    DS(Kind.STRING, false, 0, false),
    DT(Kind.STRING, false, 0, false),
    FL(Kind.FLOAT, false, 4, false),
    FD(Kind.FLOAT, false, 8, false),
    IS(Kind.STRING, false, 0, false),
    LO(Kind.STRING, false, 0, true),
    LT(Kind.STRING, false, 0, true),
    OB(Kind.BINARY, true, 1, false),
    OD(Kind.BINARY, true, 8, false),
    OF(Kind.BINARY, true, 4, false),
    OL(Kind.BINARY, true, 4, false),
    OV(Kind.BINARY, true, 8, false),
    OW(Kind.BINARY, true, 2, false),
    PN(Kind.STRING, false, 0, true),
    SH(Kind.STRING, false, 0, true),
    SL(Kind.INT, false, 4, false),
    SQ(Kind.SEQUENCE, true, 0, false),
    SS(Kind.INT, false, 2, false),
    ST(Kind.STRING, false, 0, true),
    SV(Kind.INT, true, 8, false),
    TM(Kind.STRING, false, 0, false),
    UC(Kind.STRING, true, 0, true),
    UI(Kind.STRING, false, 0, false),
    UL(Kind.INT, false, 4, false),
    UN(Kind.BINARY, true, 1, false),
    UR(Kind.STRING, true, 0, false),
    US(Kind.INT, false, 2, false),
    UT(Kind.STRING, true, 0, true),
    UV(Kind.INT, true, 8, false);

    enum Kind { STRING, INT, FLOAT, TAG, BINARY, SEQUENCE }

    private final Kind kind;
    private final boolean longHeader;
    private final int width;
    private final boolean textual;
    private final int code;

    VR(Kind kind, boolean longHeader, int width, boolean textual) {
        this.kind = kind;
        this.longHeader = longHeader;
        this.width = width;
        this.textual = textual;
        this.code = name().charAt(0) << 8 | name().charAt(1);
    }

    private static final VR[] BY_CODE = new VR[26 * 26];

    static {
        for (VR vr : values()) {
            BY_CODE[(vr.name().charAt(0) - 'A') * 26 + vr.name().charAt(1) - 'A'] = vr;
        }
    }

    /** The VR for a two-letter code, or null if it is not one. */
    public static VR of(String code) {
        if (code == null || code.length() != 2) {
            return null;
        }
        return ofCode(code.charAt(0) << 8 | code.charAt(1));
    }

    /** The VR for the two bytes as found in an explicit VR header (first byte high), or null. */
    public static VR ofCode(int code) {
        int a = (code >>> 8) - 'A';
        int b = (code & 0xFF) - 'A';
        if (a < 0 || a >= 26 || b < 0 || b >= 26) {
            return null;
        }
        return BY_CODE[a * 26 + b];
    }

    /** Two bytes as found in an explicit VR header. */
    public int code() {
        return code;
    }

    /** Values are character strings (backslash-separated), including PN, UI, DS, IS. */
    public boolean isString() {
        return kind == Kind.STRING;
    }

    /** Values are raw bytes or words (OB, OD, OF, OL, OV, OW, UN). */
    public boolean isBinary() {
        return kind == Kind.BINARY;
    }

    /** Binary integers (US, SS, UL, SL, UV, SV). */
    public boolean isInteger() {
        return kind == Kind.INT;
    }

    /** FL, FD. */
    public boolean isFloat() {
        return kind == Kind.FLOAT;
    }

    /** Values whose strings depend on the Specific Character Set (SH, LO, ST, LT, UC, UT, PN). */
    public boolean isTextual() {
        return textual;
    }

    /** Explicit VR encodes this VR with 2 reserved bytes and a 4-byte length. */
    public boolean longHeader() {
        return longHeader;
    }

    /** Bytes per value for numbers, AT and binary words (byte-swapped in big endian); 0 for strings and SQ. */
    public int width() {
        return width;
    }

    /** The byte that pads an odd-length value. */
    public byte paddingByte() {
        return (kind == Kind.STRING && this != UI) ? (byte) ' ' : 0;
    }

    /**
     * Values that a bulk data threshold may leave in the source: everything but the short strings (codes, numbers
     * as text, dates, names, UIDs, AT), which describe the data and are never large in practice.
     */
    public boolean mayBeBulkData() {
        switch (this) {
            case AE, AS, AT, CS, DA, DS, DT, IS, LO, PN, SH, TM, UI:
                return false;
            default:
                return this != SQ;
        }
    }

    /** Values can contain backslashes as ordinary characters (single-valued text). */
    public boolean isSingleValued() {
        return this == LT || this == ST || this == UT || this == UR;
    }
}
