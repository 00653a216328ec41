package org.dicompipe.codec.dict;

/**
 * A masked dictionary tag in dcmtk's notation, e.g. {@code 6000-60FF,0010} (even groups only),
 * {@code 0009-o-FFFF,0010-u-00FF} ({@code o} = odd only, {@code u} = both parities) or {@code 0020,3100-31FF}.
 * A range without a restrictor covers even numbers only, which is how dcmtk reads it.
 */
record TagRange(int groupLow, int groupHigh, Parity groupParity,
                int elementLow, int elementHigh, Parity elementParity) {

    enum Parity {
        EVEN, ODD, ANY;

        boolean accepts(int n) {
            return this == ANY || ((n & 1) == 0) == (this == EVEN);
        }
    }

    static TagRange parse(String text) {
        int comma = text.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("not a tag range: " + text);
        }
        int[] group = parsePart(text.substring(0, comma), text);
        int[] element = parsePart(text.substring(comma + 1), text);
        return new TagRange(group[0], group[1], Parity.values()[group[2]],
                element[0], element[1], Parity.values()[element[2]]);
    }

    /** Returns {low, high, parity ordinal}. */
    private static int[] parsePart(String part, String whole) {
        String[] pieces = part.split("-");
        try {
            switch (pieces.length) {
                case 1: {
                    int v = Integer.parseInt(pieces[0], 16);
                    return new int[] {v, v, Parity.ANY.ordinal()};
                }
                case 2:
                    return new int[] {Integer.parseInt(pieces[0], 16), Integer.parseInt(pieces[1], 16),
                        Parity.EVEN.ordinal()};
                case 3: {
                    Parity p = switch (pieces[1]) {
                        case "o", "O" -> Parity.ODD;
                        case "e", "E" -> Parity.EVEN;
                        case "u", "U" -> Parity.ANY;
                        default -> throw new IllegalArgumentException("bad range restrictor in " + whole);
                    };
                    return new int[] {Integer.parseInt(pieces[0], 16), Integer.parseInt(pieces[2], 16), p.ordinal()};
                }
                default:
                    throw new IllegalArgumentException("not a tag range: " + whole);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a tag range: " + whole, e);
        }
    }

    boolean contains(int tag) {
        int group = tag >>> 16;
        int element = tag & 0xFFFF;
        return group >= groupLow && group <= groupHigh && groupParity.accepts(group)
                && element >= elementLow && element <= elementHigh && elementParity.accepts(element);
    }

    /** Number of tags covered; narrower ranges are tried first so a subset wins over its superset. */
    long span() {
        return count(groupLow, groupHigh, groupParity) * count(elementLow, elementHigh, elementParity);
    }

    private static long count(int low, int high, Parity parity) {
        long n = 0;
        for (int v = low; v <= high; v++) {
            if (parity.accepts(v)) {
                n++;
            }
        }
        return n;
    }
}
