package org.dicompipe.emulator.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.pubsub.v1.PubsubMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Pub/Sub emulator started by gcloud, our publisher, and Google's admin client as the subscriber. */
class PubsubEmulatorProcessTest {

    private static final String PROJECT = "pubsub-test";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static PubsubEmulatorProcess emulator;
    private static PubsubAdmin admin;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = PubsubEmulatorProcess.start(tmp.resolve("pubsub"), PROJECT);
        admin = new PubsubAdmin(emulator.hostPort());
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void publishedMessageReachesSubscriberWithDataAndAttributes() throws Exception {
        String subscription = admin.createTopicWithSubscription(PROJECT, "delivered");
        try (PubsubPublisher publisher = new PubsubPublisher(emulator.hostPort())) {
            String id = publisher.publish("projects/" + PROJECT + "/topics/delivered",
                    "hello".getBytes(StandardCharsets.UTF_8), Map.of("eventType", "TEST", "n", "1"))
                    .get(30, TimeUnit.SECONDS);
            assertFalse(id.isEmpty());
        }
        List<PubsubMessage> messages = admin.pull(subscription, 1, WAIT);
        assertEquals(1, messages.size());
        assertEquals("hello", messages.get(0).getData().toStringUtf8());
        assertEquals(Map.of("eventType", "TEST", "n", "1"), messages.get(0).getAttributesMap());
    }

    @Test
    void missingTopicFailsTheFutureWithoutThrowing() {
        try (PubsubPublisher publisher = new PubsubPublisher(emulator.hostPort())) {
            CompletableFuture<String> sent = publisher.publish("projects/" + PROJECT + "/topics/never-created",
                    new byte[] {1}, Map.of());
            ExecutionException failure = assertThrows(ExecutionException.class, () -> sent.get(60, TimeUnit.SECONDS));
            assertTrue(failure.getCause().toString().contains("NOT_FOUND"), failure.getCause().toString());
        }
    }

    @Test
    void invalidTopicNameAndMissingHostFailTheFutureWithoutThrowing() {
        try (PubsubPublisher publisher = new PubsubPublisher(emulator.hostPort())) {
            assertTrue(publisher.publish("not-a-topic", new byte[0], null).isCompletedExceptionally());
        }
        try (PubsubPublisher disabled = new PubsubPublisher(null)) {
            assertFalse(disabled.isEnabled());
            assertTrue(disabled.publish("projects/p/topics/t", new byte[0], Map.of()).isCompletedExceptionally());
        }
    }

    @Test
    void closeStopsGcloudAndTheEmulatorJavaProcess() throws Exception {
        PubsubEmulatorProcess second = PubsubEmulatorProcess.start(tmp.resolve("second"), PROJECT);
        List<ProcessHandle> tree;
        try {
            tree = ProcessHandle.of(second.pid()).orElseThrow().descendants().toList();
            assertTrue(tree.stream().anyMatch(p -> p.info().command().orElse("").endsWith("java")),
                    "gcloud starts the emulator as a java descendant: " + tree);
        } finally {
            second.close();
        }
        assertFalse(second.isAlive());
        for (ProcessHandle handle : tree) {
            assertFalse(handle.isAlive(), "still running: " + handle.pid() + " " + handle.info());
        }
    }

    @Test
    void emulatorAnswersOnTheLoopbackPortItReports() {
        assertTrue(emulator.isAlive());
        assertTrue(emulator.hostPort().startsWith("127.0.0.1:"));
        assertTrue(PubsubEmulatorProcess.findGcloud().isPresent());
    }
}
