package org.dicompipe.emulator.dicombq;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomElement;
import org.dicompipe.codec.Tag;
import org.dicompipe.codec.VR;
import org.dicompipe.codec.dict.DataDictionary;
import org.dicompipe.codec.dict.DictionaryEntry;
import org.dicompipe.emulator.bigquery.TableField;

/**
 * DICOM metadata as BigQuery rows, in the shape the Cloud Healthcare API exports and streams them
 * ("Understanding the BigQuery DICOM schema"): one column per standard data element present, named by its
 * keyword; the type follows the VR (text VRs STRING, DA DATE, TM TIME, DT TIMESTAMP, DS/FL/FD FLOAT, IS and
 * the binary integer VRs INTEGER, PN a RECORD of its Alphabetic/Ideographic/Phonetic groups, SQ a REPEATED
 * RECORD of its items' elements); elements the dictionary allows several values for are REPEATED. Bulk binary
 * elements (OB, OW, UN...), private and unknown elements are not exported. A value that cannot be converted to
 * its column's type (e.g. a malformed date) is left out rather than failing the row.
 *
 * <p>Google adds columns about the stored instance; {@link #serviceFields()} are those, filled from
 * {@link InstanceFacts}.
 */
public final class DicomBigQueryRows {

    /** What the service adds to each row about the stored instance. */
    public record InstanceFacts(Instant lastUpdated, String type, long blobStorageSize, long structuredStorageSize,
                                String storageClass) {
    }

    /** Row types ({@code Type} column) as Google writes them. */
    public static final String TYPE_INSERT = "INSERT";
    public static final String TYPE_DELETE = "DELETE";

    private static final int MAX_DEPTH = 15;

    private DicomBigQueryRows() {
    }

    /** The columns Google adds after the metadata columns. */
    public static List<TableField> serviceFields() {
        return List.of(
                TableField.of("LastUpdated", "TIMESTAMP"),
                TableField.of("Type", "STRING"),
                TableField.of("BlobStorageSize", "INTEGER"),
                TableField.of("StructuredStorageSize", "INTEGER"),
                TableField.of("StorageClass", "STRING"));
    }

    /** The schema of one instance's row (merge the schemas of several with BigQueryTables.ensureTable). */
    public static List<TableField> schema(Attributes dataset) {
        List<TableField> fields = new ArrayList<>(elementFields(dataset, 0));
        fields.addAll(serviceFields());
        return fields;
    }

    /** The row of one instance, with values of the types BigQueryTables.insertRows accepts. */
    public static Map<String, Object> row(Attributes dataset, InstanceFacts facts) {
        Map<String, Object> row = elementValues(dataset, 0);
        row.put("LastUpdated", facts.lastUpdated());
        row.put("Type", facts.type());
        row.put("BlobStorageSize", facts.blobStorageSize());
        row.put("StructuredStorageSize", facts.structuredStorageSize());
        row.put("StorageClass", facts.storageClass());
        return row;
    }

    /** The keyword naming an element's column, or null when the element has no column. */
    static String column(DicomElement e) {
        int tag = e.tag();
        if (Tag.isPrivate(tag) || Tag.element(tag) == 0 || kind(e.vr()) == Kind.NONE) {
            return null;
        }
        String keyword = DataDictionary.keywordOf(tag);
        return keyword == null || keyword.isEmpty() ? null : keyword;
    }

    private static boolean multiValued(int tag) {
        DictionaryEntry entry = DataDictionary.lookup(tag);
        return entry != null && !"1".equals(entry.vm());
    }

    private static List<TableField> elementFields(Attributes a, int depth) {
        List<TableField> fields = new ArrayList<>();
        for (DicomElement e : a) {
            String name = column(e);
            if (name == null) {
                continue;
            }
            Kind kind = kind(e.vr());
            String mode = multiValued(e.tag()) ? "REPEATED" : "NULLABLE";
            switch (kind) {
                case SEQUENCE -> {
                    if (depth >= MAX_DEPTH) {
                        continue;
                    }
                    List<TableField> sub = List.of();
                    for (Attributes item : e.items() == null ? List.<Attributes>of() : e.items()) {
                        sub = merge(sub, elementFields(item, depth + 1));
                    }
                    if (!sub.isEmpty()) {
                        fields.add(TableField.record(name, "REPEATED", sub));
                    }
                }
                case PERSON_NAME -> fields.add(TableField.record(name, mode, List.of(
                        TableField.of("Alphabetic", "STRING"), TableField.of("Ideographic", "STRING"),
                        TableField.of("Phonetic", "STRING"))));
                default -> fields.add(new TableField(name, kind.bigQueryType, mode, List.of()));
            }
        }
        return fields;
    }

    /**
     * The fields of {@code schema}, then those of {@code more} it lacks; records are merged recursively. Use it to
     * build one table schema from the schemas of several rows.
     */
    public static List<TableField> merge(List<TableField> schema, List<TableField> more) {
        List<TableField> out = new ArrayList<>(schema);
        for (TableField f : more) {
            int at = indexOf(out, f.name());
            if (at < 0) {
                out.add(f);
            } else if (f.isRecord() && out.get(at).isRecord()) {
                TableField old = out.get(at);
                out.set(at, new TableField(old.name(), old.type(), old.mode(), merge(old.fields(), f.fields())));
            }
        }
        return out;
    }

    private static int indexOf(List<TableField> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Object> elementValues(Attributes a, int depth) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (DicomElement e : a) {
            String name = column(e);
            if (name == null || e.isEmpty()) {
                continue;
            }
            Kind kind = kind(e.vr());
            if (kind == Kind.SEQUENCE) {
                if (depth >= MAX_DEPTH || e.items() == null) {
                    continue;
                }
                List<Object> items = new ArrayList<>();
                for (Attributes item : e.items()) {
                    items.add(elementValues(item, depth + 1));
                }
                row.put(name, items);
                continue;
            }
            String[] strings = e.strings();
            if (strings == null) {
                continue;
            }
            List<Object> values = new ArrayList<>();
            for (String s : strings) {
                Object v = convert(kind, s);
                if (v != null) {
                    values.add(v);
                }
            }
            if (multiValued(e.tag())) {
                if (!values.isEmpty()) {
                    row.put(name, values);
                }
            } else if (!values.isEmpty()) {
                row.put(name, values.get(0));
            }
        }
        return row;
    }

    /** One value in its column's type, or null when it does not convert. */
    static Object convert(Kind kind, String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return switch (kind) {
                case STRING -> raw;
                case FLOAT -> {
                    double d = Double.parseDouble(s);
                    yield Double.isFinite(d) ? d : null;
                }
                case INTEGER -> Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
                case DATE -> date(s);
                case TIME -> time(s);
                case TIMESTAMP -> timestamp(s);
                case PERSON_NAME -> personName(raw);
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> personName(String raw) {
        String[] groups = raw.split("=", -1);
        Map<String, Object> pn = new LinkedHashMap<>();
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        for (int i = 0; i < Math.min(3, groups.length); i++) {
            if (!groups[i].isEmpty()) {
                pn.put(names[i], groups[i]);
            }
        }
        return pn.isEmpty() ? null : pn;
    }

    /** DA: YYYYMMDD (also the old YYYY.MM.DD). */
    static LocalDate date(String s) {
        String d = s.replace(".", "");
        if (d.length() != 8) {
            return null;
        }
        return LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                Integer.parseInt(d.substring(6, 8)));
    }

    /** TM: HH[MM[SS[.F{1,6}]]] (also the old HH:MM:SS). */
    static LocalTime time(String s) {
        String t = s.replace(":", "");
        int hour = Integer.parseInt(t.substring(0, 2));
        int minute = t.length() >= 4 ? Integer.parseInt(t.substring(2, 4)) : 0;
        int second = t.length() >= 6 ? Integer.parseInt(t.substring(4, 6)) : 0;
        int nanos = 0;
        if (t.length() > 6) {
            if (t.charAt(6) != '.' || t.length() > 13) {
                return null;
            }
            String frac = (t.substring(7) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(frac);
        } else if (t.length() != 2 && t.length() != 4 && t.length() != 6) {
            return null;
        }
        return LocalTime.of(hour, minute, Math.min(second, 59), nanos);
    }

    /** DT: YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]; without an offset the time is taken as UTC. */
    static Instant timestamp(String s) {
        String body = s;
        ZoneOffset offset = ZoneOffset.UTC;
        int sign = Math.max(s.indexOf('+'), s.indexOf('-'));
        if (sign > 0) {
            body = s.substring(0, sign);
            String z = s.substring(sign);
            if (z.length() != 5) {
                return null;
            }
            offset = ZoneOffset.ofHoursMinutes(Integer.parseInt(z.substring(0, 3)),
                    (z.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(z.substring(3)));
        }
        String datePart = body.length() >= 8 ? body.substring(0, 8) : (body + "0101").substring(0, 8);
        if (body.length() == 4) {
            datePart = body + "0101";
        } else if (body.length() == 6) {
            datePart = body + "01";
        }
        LocalDate date = date(datePart);
        LocalTime time = body.length() > 8 ? time(body.substring(8)) : LocalTime.MIDNIGHT;
        if (date == null || time == null) {
            return null;
        }
        return LocalDateTime.of(date, time).toInstant(offset);
    }

    /** How a VR is exported. */
    enum Kind {
        STRING("STRING"), FLOAT("FLOAT"), INTEGER("INTEGER"), DATE("DATE"), TIME("TIME"), TIMESTAMP("TIMESTAMP"),
        PERSON_NAME("RECORD"), SEQUENCE("RECORD"), NONE(null);

        final String bigQueryType;

        Kind(String bigQueryType) {
            this.bigQueryType = bigQueryType;
        }
    }

    static Kind kind(VR vr) {
        return switch (vr) {
            case AE, AS, CS, LO, LT, SH, ST, UC, UI, UR, UT, AT -> Kind.STRING;
            case DA -> Kind.DATE;
            case TM -> Kind.TIME;
            case DT -> Kind.TIMESTAMP;
            case PN -> Kind.PERSON_NAME;
            case DS, FL, FD -> Kind.FLOAT;
            case IS, SL, SS, UL, US, SV, UV -> Kind.INTEGER;
            case SQ -> Kind.SEQUENCE;
            default -> Kind.NONE;
        };
    }
}
