package org.dicompipe.codec.conformance;

/**
 * One way the codec's view of a file differs from a reference tool's.
 *
 * @param file   corpus-relative file name, e.g. {@code test_files/CT_small.dcm}
 * @param tag    the top-level tag as 8 hex digits (upper case), the unit the allow-list works in
 * @param path   where exactly, e.g. {@code (0008,1115)[0].(0008,1150) Value[0]}
 * @param what   what differs, with both values
 */
record Difference(String file, String tag, String path, String what) {
    @Override
    public String toString() {
        return file + " " + path + ": " + what;
    }
}
