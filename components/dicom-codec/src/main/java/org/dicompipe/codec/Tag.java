package org.dicompipe.codec;

/** A DICOM attribute tag packed into an int as (group << 16) | element. */
public final class Tag {
    public static final int Item = 0xFFFEE000;
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;

    private Tag() {
    }

    public static int of(int group, int element) {
        return (group & 0xFFFF) << 16 | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** "00100010". */
    public static String hex(int tag) {
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = HEX[tag & 0xF];
            tag >>>= 4;
        }
        return new String(c);
    }

    /** "(0010,0010)". */
    public static String format(int tag) {
        String h = hex(tag);
        return "(" + h.substring(0, 4) + "," + h.substring(4) + ")";
    }

    /** Accepts "00100010", "(0010,0010)" and "0010,0010". */
    public static int parseHex(String s) {
        String t = s.trim();
        if (t.startsWith("(") && t.endsWith(")")) {
            t = t.substring(1, t.length() - 1);
        }
        t = t.replace(",", "");
        if (t.length() != 8) {
            throw new IllegalArgumentException("not a DICOM tag: " + s);
        }
        return (int) Long.parseLong(t, 16);
    }

    /** Private tags have an odd group number (groups 1, 3, 5, 7 and FFFF are not private). */
    public static boolean isPrivate(int tag) {
        int g = group(tag);
        return (g & 1) == 1 && g > 8 && g != 0xFFFF;
    }

    /** (gggg,0010-00FF) in a private group reserves a block of elements for a creator. */
    public static boolean isPrivateCreator(int tag) {
        int e = element(tag);
        return isPrivate(tag) && e >= 0x10 && e <= 0xFF;
    }

    /** The creator element that owns private tag (gggg,xxyy): (gggg,00xx); -1 if none. */
    public static int creatorOf(int tag) {
        int e = element(tag);
        if (!isPrivate(tag) || e < 0x1000) {
            return -1;
        }
        return (tag & 0xFFFF0000) | (e >>> 8);
    }

    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }
}
