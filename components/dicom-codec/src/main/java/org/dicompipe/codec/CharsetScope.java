package org.dicompipe.codec;

import org.dicompipe.codec.charset.SpecificCharacterSet;

/**
 * The Specific Character Set in force for one dataset or item while and after it is read. (0008,0005) may come after
 * elements that depend on it (a DICOMDIR's (0004,1220) records precede it), so elements keep the scope and resolve
 * it when first decoded; an item without its own (0008,0005) uses its parent's.
 */
final class CharsetScope {
    private final CharsetScope parent;
    private SpecificCharacterSet own;
    private boolean hasOwn;

    CharsetScope(CharsetScope parent) {
        this.parent = parent;
    }

    void set(SpecificCharacterSet cs) {
        own = cs;
        hasOwn = true;
    }

    SpecificCharacterSet get() {
        for (CharsetScope s = this; s != null; s = s.parent) {
            if (s.hasOwn) {
                return s.own;
            }
        }
        return null;
    }
}
