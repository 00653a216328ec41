package org.dicompipe.emulator.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dicompipe.emulator.EmulatorServer;

/** Test helpers: Google's storage client and a raw HTTP client pointed at a running emulator. */
public final class LocalStorage {

    static final String PROJECT = "local-project";

    private LocalStorage() {
    }

    /** The official client, configured exactly as an application would for an emulator. */
    static Storage client(EmulatorServer server) {
        return client(server, PROJECT);
    }

    /** The official client for {@code projectId}, as {@link #client(EmulatorServer)}; for every feature's tests. */
    public static Storage client(EmulatorServer server, String projectId) {
        return StorageOptions.newBuilder()
                .setHost(server.baseUrl().toString())
                .setProjectId(projectId)
                .setCredentials(NoCredentials.getInstance())
                // the client's own retry policy, as an application has it (4xx answers still fail at once), bounded
                // so a broken emulator fails quickly; with a single attempt, one full-suite run failed on a transient
                // connection error (StorageException code 0) that did not reproduce in isolation
                .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(3).build())
                .build()
                .getService();
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(EmulatorServer server, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery));
    }

    /** Every regular file below {@code dir}, for "nothing was written" checks. */
    static List<Path> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
