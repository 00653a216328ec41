package org.dicompipe.emulator.deid;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.BulkDataSource;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.VR;

/**
 * De-identifies one instance under a {@link DeidentifyOptions}: every attribute gets its {@link TagAction}, sequence
 * items are processed with the same rules, and Patient Identity Removed / De-identification Method record what was
 * done. Thread-safe: one instance serves all workers of an operation.
 */
final class Deidentifier {

    /** Values above this size (pixel data, mostly) are not copied into memory twice: they are streamed through. */
    private static final int BULK_THRESHOLD = 16 * 1024;
    private static final String DUMMY_TEXT = "ANONYMIZED";
    /** Stand-in for a UID value that cannot be read as text. */
    private static final String UNREADABLE_UID = "2.25.0";
    /** The attributes Patient Identity Removed is about. */
    private static final int[] IDENTITY = {Tags.PatientName, Tags.PatientID, Tags.PatientBirthDate};

    private final DeidentifyOptions options;
    private final UnaryOperator<String> uidMapper;

    Deidentifier(DeidentifyOptions options, UnaryOperator<String> uidMapper) {
        this.options = Objects.requireNonNull(options);
        this.uidMapper = Objects.requireNonNull(uidMapper);
    }

    /**
     * Reads a Part 10 instance and writes its de-identified copy in the same transfer syntax, with File Meta
     * Information rebuilt from the new dataset (nothing of the source's meta group is carried over but the SOP
     * class and transfer syntax).
     */
    void rewrite(byte[] part10, OutputStream out) throws IOException {
        DicomFile source = DicomReader.read(part10, ReadOptions.defaults().withBulkDataThreshold(BULK_THRESHOLD));
        Attributes result = apply(source.dataset());
        BulkDataSource bulk = ref -> new ByteArrayInputStream(part10, Math.toIntExact(ref.offset()),
                Math.toIntExact(ref.length()));
        DicomWriter.write(result, source.transferSyntaxUid(), out, bulk);
    }

    /**
     * As {@link #rewrite(byte[], OutputStream)} for a file: values above the threshold (pixel data) are copied
     * from the file to {@code out} in chunks and never held in memory.
     */
    void rewrite(Path part10, OutputStream out) throws IOException {
        DicomFile source = DicomReader.read(part10, ReadOptions.defaults().withBulkDataThreshold(BULK_THRESHOLD));
        Attributes result = apply(source.dataset());
        DicomWriter.write(result, source.transferSyntaxUid(), out, BulkDataSource.of(part10));
    }

    /** The de-identified copy of a dataset; the source is not changed. */
    Attributes apply(Attributes source) {
        ContentInspector inspector = options.inspectContents() ? ContentInspector.of(source) : null;
        Attributes out = filter(source, options.filter(), inspector);
        out.setString(Tags.PatientIdentityRemoved, VR.CS, identityRemoved(source, out) ? "YES" : "NO");
        out.setString(Tags.DeidentificationMethod, VR.LO, options.methodDescription().toArray(String[]::new));
        List<Attributes> codes = options.methodCodes();
        if (!codes.isEmpty()) {
            List<Attributes> copies = new ArrayList<>(codes.size());
            for (Attributes c : codes) {
                copies.add(c.copy());
            }
            out.setSequence(Tags.DeidentificationMethodCodeSequence, copies);
        }
        return out;
    }

    private Attributes filter(Attributes source, TagFilter filter, ContentInspector inspector) {
        Attributes out = new Attributes(source.size() + 4);
        for (DicomElement e : source) {
            int tag = e.tag();
            if (TagFilter.isGroupLength(tag)) {
                continue;
            }
            DicomElement result = switch (filter.action(tag)) {
                case REMOVE -> null;
                case KEEP -> keep(e, filter, inspector);
                case EMPTY -> empty(e);
                case DUMMY -> dummy(e, filter, inspector);
                case REPLACE_UID -> replaceUids(e);
            };
            if (result != null) {
                out.set(result);
            }
        }
        return out;
    }

    private DicomElement keep(DicomElement e, TagFilter filter, ContentInspector inspector) {
        List<Attributes> items = e.items();
        if (items != null) {
            TagFilter inner = filter.inItems();
            List<Attributes> cleaned = new ArrayList<>(items.size());
            for (Attributes item : items) {
                cleaned.add(filter(item, inner, inspector));
            }
            return DicomElement.ofItems(e.tag(), cleaned);
        }
        return inspector == null ? e : inspector.inspect(e);
    }

    private static DicomElement empty(DicomElement e) {
        if (e.hasItems() || e.vr() == VR.SQ) {
            return DicomElement.ofItems(e.tag(), List.of());
        }
        if (e.vr().isString()) {
            return DicomElement.ofStrings(e.tag(), e.vr());
        }
        return DicomElement.ofBytes(e.tag(), e.vr(), new byte[0]);
    }

    private DicomElement dummy(DicomElement e, TagFilter filter, ContentInspector inspector) {
        VR vr = e.vr();
        if (e.hasItems() || vr == VR.SQ) {
            return keep(e, filter, inspector);
        }
        String text = switch (vr) {
            case DA -> "19000101";
            case TM -> "000000";
            case DT -> "19000101000000";
            case AS -> "000D";
            case DS, IS -> "0";
            case UI -> null;
            default -> vr.isString() ? DUMMY_TEXT : null;
        };
        if (vr == VR.UI) {
            return replaceUids(e);
        }
        if (text != null) {
            return DicomElement.ofStrings(e.tag(), vr, text);
        }
        return DicomElement.ofBytes(e.tag(), vr, new byte[Math.max(2, vr.width())]);
    }

    private DicomElement replaceUids(DicomElement e) {
        String[] values = e.strings();
        if (values == null) {
            byte[] raw = e.bytes();
            if (raw == null) {
                return DicomElement.ofStrings(e.tag(), VR.UI, UNREADABLE_UID);
            }
            values = new String(raw, StandardCharsets.US_ASCII).split("\\\\", -1);
        }
        String[] mapped = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            String v = values[i].replace("\0", "").strip();
            mapped[i] = v.isEmpty() ? "" : uidMapper.apply(v);
        }
        return DicomElement.ofStrings(e.tag(), VR.UI, mapped);
    }

    /** True when none of the patient's name, ID and birth date survives with its original value. */
    private static boolean identityRemoved(Attributes source, Attributes out) {
        for (int tag : IDENTITY) {
            String before = source.getString(tag);
            String after = out.getString(tag);
            if (before != null && !before.isEmpty() && before.equals(after)) {
                return false;
            }
        }
        return true;
    }
}
