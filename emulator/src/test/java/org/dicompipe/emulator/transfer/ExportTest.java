package org.dicompipe.emulator.transfer;

import static org.dicompipe.emulator.transfer.TransferFixture.CORPUS;
import static org.dicompipe.emulator.transfer.TransferFixture.counter;
import static org.dicompipe.emulator.transfer.TransferFixture.errorCode;
import static org.dicompipe.emulator.transfer.TransferFixture.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.ExportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomBigQueryDestination;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsDestination;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsSource;
import com.google.api.services.healthcare.v1.model.ImportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dicomStores.export through the generated Healthcare client; the results read back with google-cloud-storage and
 * google-cloud-bigquery and compared with what pydicom reads from the source files.
 */
class ExportTest {

    /** Explicit VR LE, implicit VR LE and JPEG 2000 instances with distinct UIDs. */
    private static final List<String> FILES = List.of("CT_small.dcm", "MR_small_implicit.dcm", "JPEG2000.dcm");

    @TempDir
    static Path dir;
    static TransferFixture fx;
    static String store;
    /** Source file by SOPInstanceUID, and each one's "study/series/instance" as pydicom reads it. */
    static final Map<String, Path> SOURCE = new TreeMap<>();
    static final Map<String, String> PATH = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        fx = TransferFixture.start(dir.resolve("data"));
        fx.bucket("src");
        fx.bucket("out");
        for (String f : FILES) {
            fx.upload("src", "in/" + f, CORPUS.resolve(f));
        }
        store = fx.newStore("exports", "s");
        Operation imported = fx.awaitDone(fx.stores().healthcareImport(store, new ImportDicomDataRequest()
                .setGcsSource(new GoogleCloudHealthcareV1DicomGcsSource().setUri("gs://src/in/*"))).execute());
        assertEquals(3, counter(imported, "success"));
        List<Path> paths = FILES.stream().map(CORPUS::resolve).toList();
        List<String> lines = Pydicom.eval("ds.SOPInstanceUID + ' ' + ds.StudyInstanceUID + '/' + ds.SeriesInstanceUID"
                + " + '/' + ds.SOPInstanceUID", paths);
        for (int i = 0; i < paths.size(); i++) {
            String[] p = lines.get(i).split(" ");
            SOURCE.put(p[0], paths.get(i));
            PATH.put(p[0], p[1]);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static Operation export(GoogleCloudHealthcareV1DicomGcsDestination gcs) throws Exception {
        return fx.awaitDone(fx.stores().export(store, new ExportDicomDataRequest().setGcsDestination(gcs)).execute());
    }

    private static GoogleCloudHealthcareV1DicomGcsDestination gcs(String prefix, String mimeType) {
        return new GoogleCloudHealthcareV1DicomGcsDestination().setUriPrefix(prefix).setMimeType(mimeType);
    }

    private static List<String> objectNames(String bucket, String prefix) {
        List<String> names = new ArrayList<>();
        for (Blob b : fx.storage.list(bucket, Storage.BlobListOption.prefix(prefix)).iterateAll()) {
            names.add(b.getName());
        }
        names.sort(null);
        return names;
    }

    @Test
    void defaultExportWritesEachInstanceAsStoredUnderStudySeriesInstance() throws Exception {
        Operation op = export(gcs("gs://out/asis/", null));
        assertEquals(0, errorCode(op), () -> "failed: " + op.getError());
        assertEquals("type.googleapis.com/google.cloud.healthcare.v1.dicom.ExportDicomDataResponse",
                op.getResponse().get("@type"));
        assertEquals("google.cloud.healthcare.v1.dicom.DicomService.ExportDicomData",
                op.getMetadata().get("apiMethodName"));
        assertEquals(3, counter(op, "success"));
        List<String> expected = PATH.values().stream().map(p -> "asis/" + p + ".dcm").sorted().toList();
        assertEquals(expected, objectNames("out", "asis/"));
        for (Map.Entry<String, String> e : PATH.entrySet()) {
            Blob blob = fx.storage.get("out", "asis/" + e.getValue() + ".dcm");
            assertArrayEquals(Files.readAllBytes(SOURCE.get(e.getKey())), blob.getContent());
            assertEquals("application/dicom", blob.getContentType());
        }
    }

    @Test
    void explicitLittleEndianReencodesNativeInstancesAndFailsCompressedOnes() throws Exception {
        Operation op = export(gcs("gs://out/explicit", "application/dicom; transfer-syntax=1.2.840.10008.1.2.1"));
        assertEquals(0, errorCode(op));
        assertEquals(2, counter(op, "success"));
        assertEquals(1, counter(op, "failure"));
        List<String> names = objectNames("out", "explicit/");
        assertEquals(2, names.size());
        Path copies = dir.resolve("explicit");
        Files.createDirectories(copies);
        List<Path> exported = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (Map.Entry<String, String> e : PATH.entrySet()) {
            if (SOURCE.get(e.getKey()).getFileName().toString().equals("JPEG2000.dcm")) {
                assertNull(fx.storage.get("out", "explicit/" + e.getValue() + ".dcm"));
                continue;
            }
            Path copy = copies.resolve(e.getKey() + ".dcm");
            Files.write(copy, fx.storage.get("out", "explicit/" + e.getValue() + ".dcm").getContent());
            exported.add(copy);
            sources.add(SOURCE.get(e.getKey()));
        }
        List<String> got = Pydicom.eval("ds.file_meta.TransferSyntaxUID + ' ' + ds.SOPInstanceUID + ' '"
                + " + __import__('hashlib').sha256(ds.PixelData).hexdigest() + ' ' + str(ds.PatientName)", exported);
        List<String> want = Pydicom.eval("ds.SOPInstanceUID + ' '"
                + " + __import__('hashlib').sha256(ds.PixelData).hexdigest() + ' ' + str(ds.PatientName)", sources);
        for (int i = 0; i < got.size(); i++) {
            assertEquals("1.2.840.10008.1.2.1 " + want.get(i), got.get(i));
        }
    }

    @Test
    void octetStreamExportsTheRawPixelDataWithoutExtension() throws Exception {
        Operation op = export(gcs("gs://out/pixels", "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1"));
        assertEquals(2, counter(op, "success"));
        assertEquals(1, counter(op, "failure"));
        for (Map.Entry<String, String> e : PATH.entrySet()) {
            Path source = SOURCE.get(e.getKey());
            if (source.getFileName().toString().equals("JPEG2000.dcm")) {
                continue;
            }
            byte[] raw = fx.storage.get("out", "pixels/" + e.getValue()).getContent();
            String want = Pydicom.eval("__import__('hashlib').sha256(ds.PixelData).hexdigest()", List.of(source)).get(0);
            assertEquals(want, java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(raw)));
        }
    }

    @Test
    void badDestinationsAreRefusedOrFailTheOperationWithoutWritingAnything() throws Exception {
        fails(400, fx.stores().export(store, new ExportDicomDataRequest().setGcsDestination(gcs("gs://out/x", "text/plain"))));
        fails(400, fx.stores().export(store, new ExportDicomDataRequest()
                .setGcsDestination(gcs("gs://out/x", "application/dicom; transfer-syntax=1.2.3"))));
        fails(400, fx.stores().export(store, new ExportDicomDataRequest()
                .setGcsDestination(gcs("gs://out/x", "image/png; transfer-syntax=1.2.840.10008.1.2.1"))));
        fails(400, fx.stores().export(store, new ExportDicomDataRequest().setGcsDestination(gcs("out/x", null))));
        fails(400, fx.stores().export(store, new ExportDicomDataRequest()));
        fails(400, fx.stores().export(store, new ExportDicomDataRequest().setGcsDestination(gcs("gs://out/x", null))
                .setBigqueryDestination(new GoogleCloudHealthcareV1DicomBigQueryDestination().setTableUri("bq://p.d.t"))));
        Operation noBucket = export(gcs("gs://no-such-bucket/x", null));
        assertEquals(5, errorCode(noBucket), () -> "expected NOT_FOUND: " + noBucket);
        assertTrue(objectNames("out", "x").isEmpty());
        assertFalse(Files.exists(fx.dataDir.resolve("gcs/no-such-bucket")));
    }

    // ------------------------------------------------------------------------------------------------ BigQuery

    private static Operation exportToBigQuery(GoogleCloudHealthcareV1DicomBigQueryDestination d) throws Exception {
        return fx.awaitDone(fx.stores().export(store, new ExportDicomDataRequest().setBigqueryDestination(d)).execute());
    }

    private static GoogleCloudHealthcareV1DicomBigQueryDestination table(String uri) {
        return new GoogleCloudHealthcareV1DicomBigQueryDestination().setTableUri(uri);
    }

    private static long rows(String table) throws Exception {
        TableResult r = fx.bigQuery.query(QueryJobConfiguration.of("SELECT COUNT(*) AS n FROM `p.dicom." + table + "`"));
        return r.iterateAll().iterator().next().get("n").getLongValue();
    }

    @Test
    void bigQueryExportHasOneRowPerInstanceWithGooglesColumnTypes() throws Exception {
        fx.bigQuery.create(DatasetInfo.of("dicom"));
        Operation op = exportToBigQuery(table("bq://p.dicom.meta"));
        assertEquals(0, errorCode(op), () -> "failed: " + op.getError());
        assertEquals(3, counter(op, "success"));

        Schema schema = fx.bigQuery.getTable(TableId.of("p", "dicom", "meta")).getDefinition().getSchema();
        Field pn = schema.getFields().get("PatientName");
        assertEquals(StandardSQLTypeName.STRUCT, pn.getType().getStandardType());
        assertEquals(List.of("Alphabetic", "Ideographic", "Phonetic"),
                pn.getSubFields().stream().map(Field::getName).toList());
        assertEquals(StandardSQLTypeName.DATE, schema.getFields().get("StudyDate").getType().getStandardType());
        assertEquals(StandardSQLTypeName.INT64, schema.getFields().get("Rows").getType().getStandardType());
        assertEquals(StandardSQLTypeName.STRING, schema.getFields().get("SOPInstanceUID").getType().getStandardType());
        assertEquals(Field.Mode.REPEATED, schema.getFields().get("ImageType").getMode());
        assertEquals(StandardSQLTypeName.TIMESTAMP, schema.getFields().get("LastUpdated").getType().getStandardType());
        assertEquals(StandardSQLTypeName.STRING, schema.getFields().get("StorageClass").getType().getStandardType());

        TableResult r = fx.bigQuery.query(QueryJobConfiguration.of("SELECT SOPInstanceUID, PatientName.Alphabetic AS pn,"
                + " CAST(StudyDate AS STRING) AS d, `Rows`, StorageClass, Type, BlobStorageSize"
                + " FROM `p.dicom.meta` ORDER BY SOPInstanceUID"));
        List<String> got = new ArrayList<>();
        for (FieldValueList row : r.iterateAll()) {
            got.add(row.get("SOPInstanceUID").getStringValue() + " " + row.get("pn").getStringValue() + " "
                    + row.get("d").getStringValue() + " " + row.get("Rows").getLongValue() + " "
                    + row.get("StorageClass").getStringValue() + " " + row.get("Type").getStringValue() + " "
                    + row.get("BlobStorageSize").getLongValue());
        }
        List<Path> sources = new ArrayList<>(SOURCE.values());
        List<String> want = Pydicom.eval("ds.SOPInstanceUID + ' ' + str(ds.PatientName) + ' ' + ds.StudyDate[0:4] + '-'"
                + " + ds.StudyDate[4:6] + '-' + ds.StudyDate[6:8] + ' ' + str(ds.Rows) + ' STANDARD INSERT '"
                + " + str(__import__('os').path.getsize(sys.argv[1 + sys.argv[1:].index(f)]))", sources);
        assertEquals(want, got);
    }

    @Test
    void writeDispositionAndForceDecideWhatHappensToExistingRows() throws Exception {
        fx.bigQuery.create(DatasetInfo.of("dispositions"));
        String uri = "bq://p.dispositions.t";
        assertEquals(0, errorCode(exportToBigQuery(table(uri))));
        Operation notEmpty = exportToBigQuery(table(uri));
        assertEquals(9, errorCode(notEmpty), () -> "expected FAILED_PRECONDITION: " + notEmpty);
        assertEquals(3, count("dispositions", "t"));
        assertEquals(0, errorCode(exportToBigQuery(table(uri).setWriteDisposition("WRITE_APPEND"))));
        assertEquals(6, count("dispositions", "t"));
        assertEquals(0, errorCode(exportToBigQuery(table(uri).setWriteDisposition("WRITE_TRUNCATE"))));
        assertEquals(3, count("dispositions", "t"));
        assertEquals(0, errorCode(exportToBigQuery(table(uri).setWriteDisposition("WRITE_APPEND"))));
        assertEquals(0, errorCode(exportToBigQuery(table(uri).setForce(true))));
        assertEquals(3, count("dispositions", "t"));
        // writeDisposition wins over force
        Operation emptyWins = exportToBigQuery(table(uri).setForce(true).setWriteDisposition("WRITE_EMPTY"));
        assertEquals(9, errorCode(emptyWins));
        assertEquals(3, count("dispositions", "t"));
    }

    private static long count(String dataset, String table) throws Exception {
        TableResult r = fx.bigQuery.query(QueryJobConfiguration.of(
                "SELECT COUNT(*) AS n FROM `p." + dataset + "." + table + "`"));
        return r.iterateAll().iterator().next().get("n").getLongValue();
    }

    @Test
    void badTableUrisAreRefusedAndAMissingDatasetFailsWithoutCreatingAnything() throws Exception {
        fails(400, fx.stores().export(store, new ExportDicomDataRequest().setBigqueryDestination(table("p.dicom.t"))));
        fails(400, fx.stores().export(store, new ExportDicomDataRequest().setBigqueryDestination(table("bq://p.t"))));
        fails(400, fx.stores().export(store, new ExportDicomDataRequest().setBigqueryDestination(table(""))));
        fails(400, fx.stores().export(store, new ExportDicomDataRequest()
                .setBigqueryDestination(table("bq://p.dicom.t").setWriteDisposition("WRITE_SOMETIMES"))));
        Operation missing = exportToBigQuery(table("bq://p.no_such_dataset.t"));
        assertEquals(5, errorCode(missing), () -> "expected NOT_FOUND: " + missing);
        assertNull(fx.bigQuery.getDataset("no_such_dataset"));
    }
}
