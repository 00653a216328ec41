package org.dicompipe.emulator.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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

    /**
     * The emulator holds a pull open for about a minute when no message comes; the test helper must give up at its
     * own deadline and return what arrived (nothing), so that a test waiting for a message that never comes fails at
     * its deadline instead of sitting in the pull. The preemptive bound only guards against that wait (half the
     * emulator's hold, many times the deadline); it measures nothing.
     */
    @Test
    void pullReturnsWhatArrivedWhenTheDeadlinePassesWithoutMessages() {
        String subscription = admin.createTopicWithSubscription(PROJECT, "silent");
        List<PubsubMessage> messages = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> admin.pull(subscription, 1, Duration.ofSeconds(1)));
        assertEquals(List.of(), messages);
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

    /**
     * gcloud without the emulator component cannot exist on this machine (it is installed), so a stand-in script
     * plays it: it fails the way gcloud does when a component is missing.
     */
    @Test
    void missingEmulatorComponentFailsWithInstallInstructions() throws Exception {
        Path fake = tmp.resolve("fake-gcloud-missing.sh");
        java.nio.file.Files.writeString(fake, "#!/bin/sh\necho 'ERROR: (gcloud.beta.emulators.pubsub.start) "
                + "You do not currently have this command group installed.'\nexit 1\n");
        assertTrue(fake.toFile().setExecutable(true));
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> PubsubEmulatorProcess.start(fake, tmp.resolve("missing"), PROJECT, WAIT));
        assertTrue(e.getMessage().contains("gcloud components install pubsub-emulator beta"), e.getMessage());
        assertTrue(e.getMessage().contains("google-cloud-cli-pubsub-emulator"), e.getMessage());
        assertTrue(e.getMessage().contains("do not currently have this command group"), e.getMessage());
    }

    /** A stand-in that starts a child and never listens: the deadline passes and the whole tree is stopped. */
    @Test
    void emulatorThatNeverAnswersIsStoppedWithItsChildren() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        Path fake = tmp.resolve("fake-gcloud-silent.sh");
        java.nio.file.Files.writeString(fake, "#!/bin/sh\nsleep 600 &\necho $! > " + pidFile + "\nwait\n");
        assertTrue(fake.toFile().setExecutable(true));
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> PubsubEmulatorProcess.start(fake, tmp.resolve("silent"), PROJECT, Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("did not accept requests"), e.getMessage());
        long child = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "child " + child + " survived");
    }
}
