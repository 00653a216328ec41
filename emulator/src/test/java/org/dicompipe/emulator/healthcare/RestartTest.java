package org.dicompipe.emulator.healthcare;

import static org.dicompipe.emulator.healthcare.HealthcareTestServer.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.Operation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dicompipe.emulator.healthcare.db.Database;
import org.dicompipe.emulator.healthcare.operations.Operations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything survives a stop and start on the same data folder; interrupted work is finished or reported. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void resourcesSurviveARestart() throws Exception {
        String dataset;
        String store;
        String creation;
        Path folder;
        try (HealthcareTestServer hc = HealthcareTestServer.start(dataDir)) {
            dataset = hc.dataset("kept");
            store = hc.stores().create(dataset, new DicomStore().setLabels(Map.of("env", "prod")))
                    .setDicomStoreId("s").execute().getName();
            creation = hc.datasets().operations().list(dataset).execute().getOperations().get(0).getName();
            folder = hc.feature().storeDir(DicomStoreName.parse(store));
            Files.writeString(folder.resolve("instance"), "data");
        }
        try (HealthcareTestServer hc = HealthcareTestServer.start(dataDir)) {
            assertEquals(dataset, hc.datasets().get(dataset).execute().getName());
            assertEquals(Map.of("env", "prod"), hc.stores().get(store).execute().getLabels());
            assertEquals(1, hc.stores().list(dataset).setFilter("labels.env=prod").execute().getDicomStores().size());
            assertEquals(Boolean.TRUE, hc.datasets().operations().get(creation).execute().getDone());
            Path again = hc.feature().storeDir(DicomStoreName.parse(store));
            assertEquals(folder, again);
            assertEquals("data", Files.readString(again.resolve("instance")));
        }
    }

    @Test
    void aDeletionInterruptedByACrashIsFinishedAtStart() throws Exception {
        String dataset;
        String store;
        Path folder;
        try (HealthcareTestServer hc = HealthcareTestServer.start(dataDir)) {
            dataset = hc.dataset("d");
            store = hc.store(dataset, "half");
            folder = hc.feature().storeDir(DicomStoreName.parse(store));
            Files.writeString(folder.resolve("instance"), "data");
            // the state a crash right after "mark deleted" leaves: the row says DELETING, the files are still there
            hc.feature().database().write(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE hc_dicom_stores SET state = 'DELETING' WHERE name = ?")) {
                    s.setString(1, store);
                    return s.executeUpdate();
                }
            });
            // written behind the feature's back: it must forget what it keeps of the store, as a real change does
            hc.feature().storeChanged(DicomStoreName.parse(store));
            fails(404, hc.stores().get(store));
            // a folder no store owns, as a crash between mkdir and commit could leave
            Files.createDirectories(hc.feature().root().resolve("stores/999999"));
        }
        try (HealthcareTestServer hc = HealthcareTestServer.start(dataDir)) {
            assertFalse(Files.exists(folder), "the interrupted deletion was finished");
            assertFalse(Files.exists(hc.feature().root().resolve("stores/999999")));
            fails(404, hc.stores().get(store));
            // the name is usable again and starts empty
            hc.store(dataset, "half");
            Path fresh = hc.feature().storeDir(DicomStoreName.parse(store));
            assertFalse(Files.exists(fresh.resolve("instance")));
        }
    }

    @Test
    void anOperationRunningWhenTheProcessIsKilledIsReportedAbortedAfterRestart() throws Exception {
        String dataset;
        try (HealthcareTestServer hc = HealthcareTestServer.start(dataDir)) {
            dataset = hc.dataset("ops");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                NeverEndingOperationMain.class.getName(), dataDir.toString(), dataset)
                .redirectErrorStream(true)
                .start();
        String operation;
        try {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = out.readLine(); l != null; l = out.readLine()) {
                        if (l.startsWith("OPERATION ")) {
                            return l.substring("OPERATION ".length());
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    return null;
                }
            });
            operation = line.get(60, TimeUnit.SECONDS);
            assertNotNull(operation, "the child process printed its operation");
            // the child writes running counters every second: wait until they are on disk, then kill it
            String id = operation.substring(operation.lastIndexOf('/') + 1);
            try (Database db = Database.open(dataDir.resolve("healthcare/index.db"))) {
                HealthcareTestServer.await("the running counters to be persisted", () -> persistedSuccess(db, id) == 3);
            }
        } finally {
            // SIGKILL: no shutdown hook, no close(), exactly what kill -9 does
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, process.exitValue(), "killed by SIGKILL");

        try (HealthcareTestServer hc = HealthcareTestServer.start(dataDir)) {
            Operation op = hc.datasets().operations().get(operation).execute();
            assertEquals(Boolean.TRUE, op.getDone());
            assertEquals(10, op.getError().getCode(), "ABORTED");
            assertEquals(Operations.ABORTED_MESSAGE, op.getError().getMessage());
            assertNotNull(op.getMetadata().get("endTime"));
            assertEquals("test.NeverEnds", op.getMetadata().get("apiMethodName"));
            assertEquals(Map.of("success", "3", "failure", "1", "pending", "6"), op.getMetadata().get("counter"));
            assertEquals(1, hc.datasets().operations().list(dataset).setFilter("done=true AND apiMethodName=test.NeverEnds")
                    .execute().getOperations().size());
        }
    }

    private static long persistedSuccess(Database db, String id) {
        try {
            return db.read(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT success FROM hc_operations WHERE id = ?")) {
                    s.setString(1, id);
                    try (java.sql.ResultSet rs = s.executeQuery()) {
                        return rs.next() ? rs.getLong(1) : -1L;
                    }
                }
            });
        } catch (java.sql.SQLException e) {
            // the child holds the write lock for a moment: try again
            return -1;
        }
    }

    @Test
    void aGracefulStopAlsoEndsRunningOperationsWithTheirCounters() throws Exception {
        String name;
        try (HealthcareTestServer hc = HealthcareTestServer.start(dataDir)) {
            DatasetName dataset = DatasetName.parse(hc.dataset("ops"));
            java.util.concurrent.CountDownLatch counted = new java.util.concurrent.CountDownLatch(1);
            name = hc.feature().operations().start(dataset, "test.Stopped", progress -> {
                progress.setPending(4);
                progress.add(2, 1);
                counted.countDown();
                new java.util.concurrent.CountDownLatch(1).await();
                return null;
            }).getName();
            assertTrue(counted.await(30, TimeUnit.SECONDS));
        }
        try (HealthcareTestServer hc = HealthcareTestServer.start(dataDir)) {
            Operation op = hc.datasets().operations().get(name).execute();
            assertEquals(Boolean.TRUE, op.getDone());
            assertEquals(10, op.getError().getCode());
            assertEquals(Map.of("success", "2", "failure", "1", "pending", "1"), op.getMetadata().get("counter"));
        }
    }
}
