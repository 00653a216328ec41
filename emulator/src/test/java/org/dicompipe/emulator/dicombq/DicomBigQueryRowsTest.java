package org.dicompipe.emulator.dicombq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.VR;
import org.dicompipe.emulator.bigquery.TableField;
import org.junit.jupiter.api.Test;

/** The DICOM to BigQuery mapping on hand-built datasets whose values are known from the DICOM standard's formats. */
class DicomBigQueryRowsTest {

    private static Attributes dataset() {
        Attributes a = new Attributes();
        a.setString(Tags.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        a.setString(Tags.StudyDate, VR.DA, "20240131");
        a.setString(Tags.StudyTime, VR.TM, "101530.25");
        a.setString(0x0008002A, VR.DT, "20240131101530.5+0100"); // AcquisitionDateTime
        a.setString(Tags.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
        a.setString(0x00280030, VR.DS, "0.5", "0.25"); // PixelSpacing
        a.setInt(Tags.Rows, VR.US, 512);
        a.setString(0x00200013, VR.IS, "7"); // InstanceNumber
        a.setString(0x00090010, VR.LO, "PRIVATE CREATOR");
        a.setString(0x00091001, VR.LO, "private value");
        Attributes item = new Attributes();
        item.setString(0x00080100, VR.SH, "T-D1100"); // CodeValue
        item.setString(0x00080104, VR.LO, "Lung"); // CodeMeaning
        a.setSequence(0x00082218, List.of(item)); // AnatomicRegionSequence
        a.setString(Tags.PatientBirthDate, VR.DA, "not-a-date");
        return a;
    }

    private static TableField field(List<TableField> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void schemaFollowsVrAndValueMultiplicity() {
        List<TableField> s = DicomBigQueryRows.schema(dataset());
        assertEquals("RECORD", field(s, "PatientName").type());
        assertEquals("NULLABLE", field(s, "PatientName").mode());
        assertEquals("DATE", field(s, "StudyDate").type());
        assertEquals("TIME", field(s, "StudyTime").type());
        assertEquals("TIMESTAMP", field(s, "AcquisitionDateTime").type());
        assertEquals("REPEATED", field(s, "ImageType").mode());
        assertEquals("FLOAT", field(s, "PixelSpacing").type());
        assertEquals("REPEATED", field(s, "PixelSpacing").mode());
        assertEquals("INTEGER", field(s, "Rows").type());
        assertEquals("INTEGER", field(s, "InstanceNumber").type());
        TableField seq = field(s, "AnatomicRegionSequence");
        assertEquals("RECORD", seq.type());
        assertEquals("REPEATED", seq.mode());
        assertEquals(List.of("CodeValue", "CodeMeaning"), seq.fields().stream().map(TableField::name).toList());
        assertFalse(s.stream().anyMatch(f -> f.name().startsWith("Private") || f.name().contains("0009")));
        assertEquals(List.of("LastUpdated", "Type", "BlobStorageSize", "StructuredStorageSize", "StorageClass"),
                s.subList(s.size() - 5, s.size()).stream().map(TableField::name).toList());
    }

    @Test
    void valuesAreConvertedToTheirColumnTypes() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        Map<String, Object> row = DicomBigQueryRows.row(dataset(),
                new DicomBigQueryRows.InstanceFacts(now, "INSERT", 10, 20, "STANDARD"));
        assertEquals(Map.of("Alphabetic", "Yamada^Tarou", "Ideographic", "山田^太郎", "Phonetic", "やまだ^たろう"),
                row.get("PatientName"));
        assertEquals(LocalDate.of(2024, 1, 31), row.get("StudyDate"));
        assertEquals(LocalTime.of(10, 15, 30, 250_000_000), row.get("StudyTime"));
        assertEquals(Instant.parse("2024-01-31T09:15:30.5Z"), row.get("AcquisitionDateTime"));
        assertEquals(List.of("ORIGINAL", "PRIMARY"), row.get("ImageType"));
        assertEquals(List.of(0.5, 0.25), row.get("PixelSpacing"));
        assertEquals(512L, row.get("Rows"));
        assertEquals(7L, row.get("InstanceNumber"));
        assertEquals(List.of(Map.of("CodeValue", "T-D1100", "CodeMeaning", "Lung")), row.get("AnatomicRegionSequence"));
        assertNull(row.get("PatientBirthDate"), "a malformed date is left out");
        assertEquals(now, row.get("LastUpdated"));
        assertEquals("STANDARD", row.get("StorageClass"));
    }

    @Test
    void mergingSchemasKeepsOrderAndWidensRecords() {
        List<TableField> a = List.of(TableField.of("A", "STRING"),
                TableField.record("S", "REPEATED", List.of(TableField.of("X", "STRING"))));
        List<TableField> b = List.of(TableField.record("S", "REPEATED", List.of(TableField.of("Y", "INTEGER"))),
                TableField.of("B", "DATE"));
        List<TableField> m = DicomBigQueryRows.merge(a, b);
        assertEquals(List.of("A", "S", "B"), m.stream().map(TableField::name).toList());
        assertEquals(List.of("X", "Y"), m.get(1).fields().stream().map(TableField::name).toList());
    }
}
