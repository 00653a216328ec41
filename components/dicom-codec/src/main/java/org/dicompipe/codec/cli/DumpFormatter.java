package org.dicompipe.codec.cli;

import java.util.List;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.BulkDataRef;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.Fragments;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.VR;
import org.dicompipe.codec.dict.DataDictionary;

/** A listing in the style of dcmtk's dcmdump: one line per element, items indented. */
public final class DumpFormatter {
    private static final int MAX_VALUE_CHARS = 64;

    private DumpFormatter() {
    }

    public static String format(DicomFile f) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n");
        sb.append("# Used TransferSyntax: ").append(f.transferSyntaxUid()).append('\n');
        dataset(f.fileMeta(), 0, sb);
        sb.append("\n# Dicom-Data-Set\n");
        dataset(f.dataset(), 0, sb);
        return sb.toString();
    }

    public static String format(Attributes a) {
        StringBuilder sb = new StringBuilder(4096);
        dataset(a, 0, sb);
        return sb.toString();
    }

    private static void dataset(Attributes a, int depth, StringBuilder sb) {
        for (DicomElement e : a) {
            element(e, depth, sb);
        }
    }

    private static void element(DicomElement e, int depth, StringBuilder sb) {
        int start = sb.length();
        indent(depth, sb);
        sb.append(Tag.format(e.tag()).toLowerCase()).append(' ').append(e.vr()).append(' ');
        String keyword = Tag.isPrivateCreator(e.tag()) ? "PrivateCreator"
                : Tag.isPrivate(e.tag()) ? "Unknown Tag & Data" : DataDictionary.keywordOf(e.tag());
        if (keyword == null) {
            keyword = "Unknown Tag & Data";
        }
        if (e.hasItems()) {
            List<Attributes> items = e.items();
            sb.append("(Sequence #=").append(items.size()).append(')');
            pad(sb, start);
            sb.append("#  u/l, 1 ").append(keyword).append('\n');
            for (Attributes item : items) {
                int s = sb.length();
                indent(depth + 1, sb);
                sb.append("(fffe,e000) na (Item #=").append(item.size()).append(')');
                pad(sb, s);
                sb.append("#  u/l, 1 Item\n");
                dataset(item, depth + 2, sb);
                s = sb.length();
                indent(depth + 1, sb);
                sb.append("(fffe,e00d) na (ItemDelimitationItem)");
                pad(sb, s);
                sb.append("#   0, 0 ItemDelimitationItem\n");
            }
            int s = sb.length();
            indent(depth, sb);
            sb.append("(fffe,e0dd) na (SequenceDelimitationItem)");
            pad(sb, s);
            sb.append("#   0, 0 SequenceDelimitationItem\n");
            return;
        }
        if (e.hasFragments()) {
            Fragments f = e.fragments();
            sb.append("(PixelSequence #=").append(f.size() + 1).append(')');
            pad(sb, start);
            sb.append("#  u/l, 1 ").append(keyword).append('\n');
            int s = sb.length();
            indent(depth + 1, sb);
            sb.append("(fffe,e000) pi (offset table, ").append(f.basicOffsetTable().length).append(" entries)");
            pad(sb, s);
            sb.append("# ").append(4 * f.basicOffsetTable().length).append(", 1 Item\n");
            for (BulkDataRef r : f.fragments()) {
                s = sb.length();
                indent(depth + 1, sb);
                sb.append("(fffe,e000) pi (fragment at offset ").append(r.offset()).append(')');
                pad(sb, s);
                sb.append("# ").append(r.length()).append(", 1 Item\n");
            }
            s = sb.length();
            indent(depth, sb);
            sb.append("(fffe,e0dd) na (SequenceDelimitationItem)");
            pad(sb, s);
            sb.append("#   0, 0 SequenceDelimitationItem\n");
            return;
        }
        long length;
        int vm;
        if (e.isBulkData()) {
            BulkDataRef r = e.bulkData();
            sb.append("(not loaded: offset ").append(r.offset()).append(')');
            length = r.length();
            vm = 1;
        } else if (e.isEmpty()) {
            sb.append("(no value available)");
            length = 0;
            vm = 0;
        } else {
            String[] s = e.vr() == VR.OB || e.vr() == VR.UN || e.vr().isBinary() ? null : e.strings();
            length = e.length();
            if (s != null) {
                vm = s.length;
                if (e.vr() == VR.AT) {
                    for (int i = 0; i < s.length; i++) {
                        s[i] = "(" + s[i].substring(0, 4) + "," + s[i].substring(4) + ")";
                    }
                }
                String v = String.join("\\", s);
                if (v.length() > MAX_VALUE_CHARS) {
                    v = v.substring(0, MAX_VALUE_CHARS) + "...";
                }
                v = v.replace('\n', ' ').replace('\r', ' ');
                if (e.vr().isString()) {
                    sb.append('[').append(v).append(']');
                } else {
                    sb.append(v); // numbers and tags unbracketed, as dcmdump shows them
                }
            } else {
                byte[] b = e.bytes();
                vm = 1;
                if (b == null) {
                    sb.append("(BulkDataURI ").append(e.bulkDataUri()).append(')');
                } else {
                    hex(b, e.vr(), sb);
                }
            }
        }
        pad(sb, start);
        sb.append("# ").append(length < 0 ? "?" : Long.toString(length)).append(", ").append(vm).append(' ')
                .append(keyword).append('\n');
    }

    private static void hex(byte[] b, VR vr, StringBuilder sb) {
        int w = vr == VR.OW ? 2 : vr == VR.OL || vr == VR.OF ? 4 : vr == VR.OD || vr == VR.OV ? 8 : 1;
        int n = Math.min(b.length / w, 16);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('\\');
            }
            for (int k = w - 1; k >= 0; k--) {
                int v = b[i * w + k] & 0xFF;
                sb.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 0xF, 16));
            }
        }
        if (b.length / w > n) {
            sb.append("...");
        }
    }

    private static void indent(int depth, StringBuilder sb) {
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    private static void pad(StringBuilder sb, int lineStart) {
        int col = sb.length() - lineStart;
        for (int i = col; i < 56; i++) {
            sb.append(' ');
        }
        sb.append(' ');
    }
}
