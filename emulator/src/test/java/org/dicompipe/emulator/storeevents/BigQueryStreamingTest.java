package org.dicompipe.emulator.storeevents;

import static org.dicompipe.emulator.storeevents.StoreEventsFixture.corpus;
import static org.dicompipe.emulator.storeevents.StoreEventsFixture.pydicom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.BlobStorageSettings;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomBigQueryDestination;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomStreamConfig;
import com.google.api.services.healthcare.v1.model.SetBlobStorageSettingsRequest;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dicompipe.codec.json.DicomJson;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.dicompipe.emulator.bigquery.BigQueryFeature;
import org.dicompipe.emulator.healthcare.DicomStoreName;
import org.dicompipe.emulator.storage.InstanceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * streamConfigs end to end: set with the Healthcare client's patch, instances stored with STOW-RS, imported,
 * re-classed and deleted, the rows read back with google-cloud-bigquery. Expected values come from pydicom reading
 * the same files, not from the emulator's own mapping.
 */
class BigQueryStreamingTest {

    private static final String PROJECT = StoreEventsFixture.PROJECT;

    @TempDir
    static Path tmp;

    private static EmulatorServer server;
    private static StoreEventsFixture fx;

    @BeforeAll
    static void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.local(tmp.resolve("data")));
        fx = new StoreEventsFixture(server);
        fx.bigQuery.create(DatasetInfo.of("dicom"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static GoogleCloudHealthcareV1DicomStreamConfig streamTo(String tableUri) {
        return new GoogleCloudHealthcareV1DicomStreamConfig().setBigqueryDestination(
                new GoogleCloudHealthcareV1DicomBigQueryDestination().setTableUri(tableUri));
    }

    /** The table's rows once it has {@code count} of them (the table may not exist yet). */
    private static List<FieldValueList> awaitRows(String table, int count) {
        TableId id = TableId.of(PROJECT, "dicom", table);
        long end = System.nanoTime() + StoreEventsFixture.waitLimit().toNanos();
        List<FieldValueList> rows = List.of();
        while (System.nanoTime() < end) {
            try {
                Schema schema = fx.bigQuery.getTable(id) == null ? null
                        : fx.bigQuery.getTable(id).getDefinition().getSchema();
                if (schema != null) {
                    rows = new ArrayList<>();
                    fx.bigQuery.listTableData(id, schema).iterateAll().forEach(rows::add);
                    if (rows.size() >= count) {
                        assertEquals(count, rows.size(), "rows of " + table);
                        return rows;
                    }
                }
            } catch (BigQueryException e) {
                // not created yet
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(table + " has " + rows.size() + " rows, expected " + count);
    }

    private static Schema schema(String table) {
        return fx.bigQuery.getTable(TableId.of(PROJECT, "dicom", table)).getDefinition().getSchema();
    }

    private static FieldValueList rowOf(List<FieldValueList> rows, String sop, String type) {
        return rows.stream().filter(r -> sop.equals(r.get("SOPInstanceUID").getStringValue())
                && type.equals(r.get("Type").getStringValue())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " row for " + sop));
    }

    @Test
    void everyChangeAppendsARowWithTheMetadataAndTheServiceColumns() throws Exception {
        String store = fx.newStore("streamed");
        fx.patch(store, new DicomStore().setStreamConfigs(List.of(streamTo("bq://" + PROJECT + ".dicom.instances"))),
                "streamConfigs");
        Path ct = Files.write(tmp.resolve("ct.dcm"), corpus("CT_small.dcm"));
        Path mr = Files.write(tmp.resolve("mr.dcm"), corpus("MR_small.dcm"));
        String[] want = pydicom("'|'.join([ds.SOPInstanceUID, ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.PatientID,"
                + " str(ds.PatientName), ds.StudyDate, ds.Modality, str(ds.Rows), str(ds.Columns)])", List.of(ct))
                .get(0).split("\\|");

        Instant before = Instant.now();
        assertEquals(200, fx.stow(store, Files.readAllBytes(ct)));
        List<FieldValueList> rows = awaitRows("instances", 1);
        Instant after = Instant.now();
        FieldValueList r = rows.get(0);
        assertEquals(want[0], r.get("SOPInstanceUID").getStringValue());
        assertEquals(want[1], r.get("StudyInstanceUID").getStringValue());
        assertEquals(want[2], r.get("SeriesInstanceUID").getStringValue());
        assertEquals(want[3], r.get("PatientID").getStringValue());
        assertEquals(want[4], r.get("PatientName").getRecordValue().get("Alphabetic").getStringValue());
        assertEquals(want[5], r.get("StudyDate").getStringValue().replace("-", ""));
        assertEquals(want[6], r.get("Modality").getStringValue());
        assertEquals(Long.parseLong(want[7]), r.get("Rows").getLongValue());
        assertEquals(Long.parseLong(want[8]), r.get("Columns").getLongValue());
        assertEquals("INSERT", r.get("Type").getStringValue());
        assertEquals("STANDARD", r.get("StorageClass").getStringValue());
        assertEquals(Files.size(ct), r.get("BlobStorageSize").getLongValue());
        assertTrue(r.get("StructuredStorageSize").getLongValue() > 0);
        long updatedMicros = r.get("LastUpdated").getTimestampValue();
        assertTrue(updatedMicros >= before.toEpochMilli() * 1000 && updatedMicros <= after.toEpochMilli() * 1000,
                () -> "LastUpdated " + updatedMicros);

        // the MR brings attributes the CT lacks: the schema grows, the CT's row has nulls there
        List<String> mrOnly = pydicom("' '.join(sorted(set(e.keyword for e in ds if e.keyword and e.VR in"
                + " ('CS','LO','SH','DS','IS','US','UI','DA','TM') and e.value not in (None, '')) - set(e.keyword"
                + " for e in pydicom.dcmread('" + ct + "') if e.keyword)))", List.of(mr));
        Set<String> added = Set.of(mrOnly.get(0).split(" "));
        assertFalse(added.isEmpty());
        Set<String> columnsBefore = schema("instances").getFields().stream().map(Field::getName).collect(Collectors.toSet());
        assertTrue(added.stream().noneMatch(columnsBefore::contains));
        assertEquals(200, fx.stow(store, Files.readAllBytes(mr)));
        rows = awaitRows("instances", 2);
        Set<String> columnsAfter = schema("instances").getFields().stream().map(Field::getName).collect(Collectors.toSet());
        assertTrue(columnsAfter.containsAll(added), () -> "missing " + added.stream()
                .filter(c -> !columnsAfter.contains(c)).toList());
        // a REPEATED column reads as an empty array rather than NULL: take a single-valued one
        String someAdded = schema("instances").getFields().stream()
                .filter(f -> added.contains(f.getName()) && f.getMode() != Field.Mode.REPEATED)
                .map(Field::getName).findFirst().orElseThrow();
        assertTrue(rowOf(rows, want[0], "INSERT").get(someAdded).isNull());
        String mrSop = pydicom("ds.SOPInstanceUID", List.of(mr)).get(0);
        assertFalse(rowOf(rows, mrSop, "INSERT").get(someAdded).isNull(), someAdded);

        // a delete appends a DELETE row; the INSERT row stays
        assertEquals(200, fx.delete(store, "studies/" + want[1] + "/series/" + want[2] + "/instances/" + want[0]));
        rows = awaitRows("instances", 3);
        FieldValueList deleted = rowOf(rows, want[0], "DELETE");
        assertEquals(want[1], deleted.get("StudyInstanceUID").getStringValue());
        assertEquals(want[3], deleted.get("PatientID").getStringValue(), "the deleted instance's metadata");
        assertEquals(Files.size(ct), deleted.get("BlobStorageSize").getLongValue());
        assertEquals("STANDARD", deleted.get("StorageClass").getStringValue());
        rowOf(rows, want[0], "INSERT");

        // an import streams its instances too
        SyntheticStudy synth = SyntheticStudy.withSeed(7).instances(1);
        fx.upload("bq-src", "one.dcm", synth.toPart10(0));
        fx.importFrom(store, "gs://bq-src/one.dcm");
        rows = awaitRows("instances", 4);
        assertEquals(synth.studyInstanceUid(), rowOf(rows, synth.sopInstanceUid(0), "INSERT")
                .get("StudyInstanceUID").getStringValue());

        // a storage class change appends the instances' new state
        fx.awaitDone(fx.stores().setBlobStorageSettings(store, new SetBlobStorageSettingsRequest()
                .setBlobStorageSettings(new BlobStorageSettings().setBlobStorageClass("COLDLINE"))).execute());
        rows = awaitRows("instances", 6);
        List<String> coldline = rows.stream().filter(x -> !x.get("StorageClass").isNull()
                && "COLDLINE".equals(x.get("StorageClass").getStringValue()))
                .map(x -> x.get("SOPInstanceUID").getStringValue()).sorted().toList();
        assertEquals(List.of(mrSop, synth.sopInstanceUid(0)).stream().sorted().toList(), coldline);
    }

    @Test
    void aBadDestinationNeverFailsTheStoreAndIsLoggedWithoutPatientData() throws Exception {
        String store = fx.newStore("baddest");
        fx.bigQuery.create(TableInfo.of(TableId.of(PROJECT, "dicom", "clash"), StandardTableDefinition.of(
                Schema.of(Field.of("SOPInstanceUID", StandardSQLTypeName.INT64)))));
        fx.patch(store, new DicomStore().setStreamConfigs(List.of(
                streamTo("bq://" + PROJECT + ".nodataset.t"),
                streamTo("bq://" + PROJECT + ".dicom.clash"),
                streamTo("bq://" + PROJECT + ".dicom.good"))), "streamConfigs");
        byte[] ct = corpus("CT_small.dcm");
        String patientName = pydicom("str(ds.PatientName)", List.of(Files.write(tmp.resolve("bad-ct.dcm"), ct))).get(0);

        String log;
        try (StderrCapture err = new StderrCapture()) {
            assertEquals(200, fx.stow(store, ct));
            awaitRows("good", 1); // delivered in order: the failing destinations were tried before it
            log = err.text();
        }
        assertTrue(log.contains("WARN") && log.contains("bq://" + PROJECT + ".nodataset.t"), log);
        assertTrue(log.contains("bq://" + PROJECT + ".dicom.clash"), log);
        assertFalse(log.contains(patientName), "no patient data in the log");
        assertEquals(0, fx.bigQuery.getTable(TableId.of(PROJECT, "dicom", "clash")).getNumRows().longValue());
        String[] uids = pydicom("ds.StudyInstanceUID + ' ' + ds.SeriesInstanceUID + ' ' + ds.SOPInstanceUID",
                List.of(tmp.resolve("bad-ct.dcm"))).get(0).split(" ");
        assertEquals(200, fx.metadataStatus(store, uids[0], uids[1], uids[2]));
    }

    @Test
    void theSameChangeStreamedTwiceIsWrittenOnce() throws Exception {
        SyntheticStudy s = SyntheticStudy.withSeed(9).instances(1);
        byte[] bytes = s.toPart10(0);
        org.dicompipe.codec.Attributes metadata = org.dicompipe.codec.DicomReader.read(bytes).dataset();
        StoreEvent event = new StoreEvent(DicomStoreName.parse(StoreEventsFixture.LOCATION + "/datasets/x/dicomStores/s"),
                new InstanceKey(s.studyInstanceUid(), s.seriesInstanceUid(), s.sopInstanceUid(0)),
                StoreEvent.Action.STORE, Instant.now(), metadata, bytes.length, DicomJson.toJson(metadata,
                org.dicompipe.codec.json.JsonOptions.inlineAll()).length(), "STANDARD", null);
        BigQueryStreaming streaming = new BigQueryStreaming(server.context().feature(BigQueryFeature.class)
                .orElseThrow().tables());
        DicomStore settings = new DicomStore().setStreamConfigs(List.of(streamTo("bq://" + PROJECT + ".dicom.dedup")));
        streaming.stream(settings, event);
        streaming.stream(settings, event);
        assertEquals(1, awaitRows("dedup", 1).size());
        streaming.stream(settings, new StoreEvent(event.store(), event.key(), StoreEvent.Action.DELETE,
                event.time().plusMillis(1), null, -1, -1, null, null));
        List<FieldValueList> rows = awaitRows("dedup", 2);
        assertEquals(List.of("DELETE", "INSERT"), rows.stream().map(x -> x.get("Type").getStringValue()).sorted().toList());
        assertTrue(rowOf(rows, s.sopInstanceUid(0), "DELETE").get("BlobStorageSize").isNull());
    }
}
