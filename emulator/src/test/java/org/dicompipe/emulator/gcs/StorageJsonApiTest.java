package org.dicompipe.emulator.gcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.CopyWriter;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.common.hash.Hashing;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Google's google-cloud-storage client, unchanged, against the emulator's Cloud Storage JSON API. */
class StorageJsonApiTest {

    @TempDir
    static Path dataDir;

    private static EmulatorServer server;
    private static Storage storage;
    private static Path gcsRoot;

    @BeforeAll
    static void start() throws Exception {
        server = EmulatorServer.start(EmulatorConfig.local(dataDir).withPubsubEmulatorHost(null));
        storage = LocalStorage.client(server);
        gcsRoot = dataDir.resolve("gcs");
    }

    @AfterAll
    static void stop() throws Exception {
        if (storage != null) {
            storage.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String newBucket(String name) {
        storage.create(BucketInfo.of(name));
        return name;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String crc32c(byte[] data) {
        return Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(4).putInt(Hashing.crc32c().hashBytes(data).asInt()).array());
    }

    @SuppressWarnings("deprecation")
    private static String md5(byte[] data) {
        return Base64.getEncoder().encodeToString(Hashing.md5().hashBytes(data).asBytes());
    }

    @Test
    void bucketsCanBeCreatedFetchedListedAndDeleted() {
        Bucket created = storage.create(BucketInfo.newBuilder("bucket-crud").setLabels(Map.of("team", "imaging")).build());
        assertEquals("bucket-crud", created.getName());
        assertTrue(Files.isDirectory(gcsRoot.resolve("bucket-crud")));

        Bucket fetched = storage.get("bucket-crud");
        assertEquals("bucket-crud", fetched.getName());
        assertEquals(Map.of("team", "imaging"), fetched.getLabels());
        assertNotNull(fetched.getCreateTimeOffsetDateTime());

        List<String> names = StreamSupport.stream(storage.list().iterateAll().spliterator(), false)
                .map(Bucket::getName).toList();
        assertTrue(names.contains("bucket-crud"), names.toString());

        StorageException duplicate = assertThrows(StorageException.class,
                () -> storage.create(BucketInfo.of("bucket-crud")));
        assertEquals(409, duplicate.getCode(), duplicate::toString);

        storage.create(BlobInfo.newBuilder("bucket-crud", "keep.txt").build(), new byte[] {1});
        StorageException notEmpty = assertThrows(StorageException.class, () -> storage.delete("bucket-crud"));
        assertEquals(409, notEmpty.getCode(), notEmpty::toString);
        assertTrue(storage.delete(BlobId.of("bucket-crud", "keep.txt")));

        assertTrue(storage.delete("bucket-crud"));
        assertNull(storage.get("bucket-crud"));
        assertFalse(Files.exists(gcsRoot.resolve("bucket-crud")));
        assertFalse(storage.delete("bucket-crud"));
    }

    @Test
    void directUploadStoresBytesMetadataAndGoogleHashes() throws Exception {
        String bucket = newBucket("direct-upload");
        byte[] data = "DICM-not-really".getBytes(StandardCharsets.UTF_8);
        Blob blob = storage.create(BlobInfo.newBuilder(bucket, "studies/1.2.3/a.dcm")
                .setContentType("application/dicom")
                .setMetadata(Map.of("source", "modality-7"))
                .build(), data);

        assertEquals(data.length, blob.getSize());
        assertEquals(crc32c(data), blob.getCrc32c());
        assertEquals(md5(data), blob.getMd5());
        assertEquals("application/dicom", blob.getContentType());
        assertEquals(Map.of("source", "modality-7"), blob.getMetadata());
        assertEquals(1L, blob.getMetageneration());
        assertTrue(blob.getGeneration() > 0);

        assertArrayEquals(data, Files.readAllBytes(gcsRoot.resolve(bucket).resolve("studies/1.2.3/a.dcm")));
        assertArrayEquals(data, storage.readAllBytes(BlobId.of(bucket, "studies/1.2.3/a.dcm")));

        Blob fetched = storage.get(BlobId.of(bucket, "studies/1.2.3/a.dcm"));
        assertEquals(blob.getGeneration(), fetched.getGeneration());
        assertEquals(blob.getEtag(), fetched.getEtag());
        assertNull(storage.get(BlobId.of(bucket, "studies/1.2.3/missing.dcm")));
    }

    @Test
    void multiMegabyteResumableUploadInChunksArrivesIntact() throws Exception {
        String bucket = newBucket("resumable-upload");
        byte[] data = randomBytes(5 * 1024 * 1024 + 12345, 42);
        List<Path> sessionsBefore = LocalStorage.files(dataDir.resolve("gcs/.gcs-meta/uploads"));
        try (WriteChannel writer = storage.writer(BlobInfo.newBuilder(bucket, "big/series.bin")
                .setContentType("application/octet-stream").build())) {
            writer.setChunkSize(1024 * 1024);
            int offset = 0;
            while (offset < data.length) {
                int n = Math.min(300_000, data.length - offset);
                writer.write(ByteBuffer.wrap(data, offset, n));
                offset += n;
            }
        }
        Blob blob = storage.get(BlobId.of(bucket, "big/series.bin"));
        assertEquals(data.length, blob.getSize());
        assertEquals(crc32c(data), blob.getCrc32c());
        assertArrayEquals(data, storage.readAllBytes(BlobId.of(bucket, "big/series.bin")));
        assertTrue(LocalStorage.files(dataDir.resolve("gcs/.gcs-meta/uploads")).stream()
                .filter(p -> !sessionsBefore.contains(p))
                .noneMatch(p -> p.toString().endsWith(".part")), "staged chunks are gone once the upload is done");

        Path local = dataDir.resolve("upload-source.bin");
        Files.write(local, Arrays.copyOf(data, 2 * 1024 * 1024 + 7));
        Blob fromFile = storage.createFrom(BlobInfo.newBuilder(bucket, "big/from-file.bin").build(), local);
        assertEquals(2 * 1024 * 1024 + 7, fromFile.getSize());
        assertArrayEquals(Files.readAllBytes(local), storage.readAllBytes(BlobId.of(bucket, "big/from-file.bin")));
    }

    @Test
    void rangedReadsReturnTheRequestedBytes() throws Exception {
        String bucket = newBucket("ranged-reads");
        byte[] data = randomBytes(1_000_000, 7);
        storage.create(BlobInfo.newBuilder(bucket, "r.bin").build(), data);

        try (ReadChannel reader = storage.reader(BlobId.of(bucket, "r.bin"))) {
            reader.seek(250_000);
            reader.limit(250_100);
            ByteBuffer buffer = ByteBuffer.allocate(1000);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (reader.read(buffer) > 0) {
                got.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            assertArrayEquals(Arrays.copyOfRange(data, 250_000, 250_100), got.toByteArray());
        }

        HttpResponse<byte[]> partial = java.net.http.HttpClient.newHttpClient().send(
                LocalStorage.request(server, "download/storage/v1/b/" + bucket + "/o/r.bin?alt=media")
                        .header("Range", "bytes=10-19").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, partial.statusCode());
        assertEquals("bytes 10-19/1000000", partial.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(data, 10, 20), partial.body());

        HttpResponse<byte[]> suffix = java.net.http.HttpClient.newHttpClient().send(
                LocalStorage.request(server, "storage/v1/b/" + bucket + "/o/r.bin?alt=media")
                        .header("Range", "bytes=-5").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 5, data.length), suffix.body());

        HttpResponse<String> beyond = LocalStorage.send(
                LocalStorage.request(server, "storage/v1/b/" + bucket + "/o/r.bin?alt=media")
                        .header("Range", "bytes=2000000-").build());
        assertEquals(416, beyond.statusCode());
    }

    @Test
    void listingHonoursPrefixDelimiterAndPages() {
        String bucket = newBucket("listing");
        for (String name : List.of("a.txt", "dir/one.txt", "dir/two.txt", "dir/sub/three.txt", "other/x.txt", "z.txt")) {
            storage.create(BlobInfo.newBuilder(bucket, name).build(), name.getBytes(StandardCharsets.UTF_8));
        }
        List<String> top = new ArrayList<>();
        for (Blob b : storage.list(bucket, Storage.BlobListOption.currentDirectory()).iterateAll()) {
            top.add(b.getName() + (b.isDirectory() ? "(dir)" : ""));
        }
        assertEquals(List.of("a.txt", "dir/(dir)", "other/(dir)", "z.txt"), top.stream().sorted().toList());

        List<String> inDir = new ArrayList<>();
        for (Blob b : storage.list(bucket, Storage.BlobListOption.prefix("dir/"),
                Storage.BlobListOption.currentDirectory()).iterateAll()) {
            inDir.add(b.getName());
        }
        assertEquals(List.of("dir/one.txt", "dir/sub/", "dir/two.txt"), inDir.stream().sorted().toList());

        List<String> paged = new ArrayList<>();
        int pages = 0;
        var page = storage.list(bucket, Storage.BlobListOption.pageSize(2));
        while (page != null) {
            pages++;
            page.getValues().forEach(b -> paged.add(b.getName()));
            page = page.hasNextPage() ? page.getNextPage() : null;
        }
        assertEquals(3, pages);
        assertEquals(List.of("a.txt", "dir/one.txt", "dir/sub/three.txt", "dir/two.txt", "other/x.txt", "z.txt"), paged);
    }

    @Test
    void overwritesGetNewGenerationsAndPreconditionsAreEnforced() {
        String bucket = newBucket("generations");
        BlobInfo info = BlobInfo.newBuilder(bucket, "g.txt").build();
        Blob first = storage.create(info, "one".getBytes(StandardCharsets.UTF_8), Storage.BlobTargetOption.doesNotExist());
        StorageException exists = assertThrows(StorageException.class, () -> storage.create(info,
                "again".getBytes(StandardCharsets.UTF_8), Storage.BlobTargetOption.doesNotExist()));
        assertEquals(412, exists.getCode());

        Blob second = storage.create(BlobInfo.newBuilder(BlobId.of(bucket, "g.txt", first.getGeneration())).build(),
                "two".getBytes(StandardCharsets.UTF_8), Storage.BlobTargetOption.generationMatch());
        assertTrue(second.getGeneration() > first.getGeneration());

        StorageException stale = assertThrows(StorageException.class, () -> storage.create(
                BlobInfo.newBuilder(BlobId.of(bucket, "g.txt", first.getGeneration())).build(),
                "three".getBytes(StandardCharsets.UTF_8), Storage.BlobTargetOption.generationMatch()));
        assertEquals(412, stale.getCode());
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), storage.readAllBytes(BlobId.of(bucket, "g.txt")));

        assertNull(storage.get(BlobId.of(bucket, "g.txt", first.getGeneration())), "old generations are gone");
        assertFalse(storage.delete(BlobId.of(bucket, "g.txt", first.getGeneration())), "no such generation");
        StorageException staleDelete = assertThrows(StorageException.class, () -> storage.delete(
                BlobId.of(bucket, "g.txt"), Storage.BlobSourceOption.generationMatch(first.getGeneration())));
        assertEquals(412, staleDelete.getCode());
        assertTrue(storage.delete(BlobId.of(bucket, "g.txt", second.getGeneration()),
                Storage.BlobSourceOption.generationMatch()));
        assertFalse(storage.delete(BlobId.of(bucket, "g.txt")));
    }

    @Test
    void metadataPatchMergesKeysAndBumpsMetageneration() {
        String bucket = newBucket("patching");
        Blob blob = storage.create(BlobInfo.newBuilder(bucket, "dead/letter.dcm")
                .setContentType("application/dicom").setMetadata(Map.of("source", "pacs")).build(), new byte[] {1, 2});
        Map<String, String> meta = new HashMap<>(blob.getMetadata());
        meta.put("dead-letter-reason", "not a DICOM Part 10 file");
        Blob updated = blob.toBuilder().setMetadata(meta).build().update(Storage.BlobTargetOption.metagenerationMatch());
        assertEquals(2L, updated.getMetageneration());
        assertEquals(blob.getGeneration(), updated.getGeneration());
        assertEquals(Map.of("source", "pacs", "dead-letter-reason", "not a DICOM Part 10 file"), updated.getMetadata());
        assertEquals("application/dicom", updated.getContentType());

        StorageException stale = assertThrows(StorageException.class,
                () -> blob.toBuilder().setContentType("text/plain").build()
                        .update(Storage.BlobTargetOption.metagenerationMatch()));
        assertEquals(412, stale.getCode());
        assertEquals(Map.of("source", "pacs", "dead-letter-reason", "not a DICOM Part 10 file"),
                storage.get(BlobId.of(bucket, "dead/letter.dcm")).getMetadata());
    }

    @Test
    void copyRewriteAndComposeProduceNewObjects() {
        String bucket = newBucket("copy-source");
        String target = newBucket("copy-target");
        byte[] data = randomBytes(300_000, 3);
        storage.create(BlobInfo.newBuilder(bucket, "in/x.bin").setContentType("application/dicom")
                .setMetadata(Map.of("k", "v")).build(), data);

        CopyWriter copy = storage.copy(Storage.CopyRequest.of(bucket, "in/x.bin", BlobId.of(target, "out/x.bin")));
        Blob copied = copy.getResult();
        assertTrue(copy.isDone());
        assertEquals(Map.of("k", "v"), copied.getMetadata());
        assertEquals("application/dicom", copied.getContentType());
        assertEquals(crc32c(data), copied.getCrc32c());
        assertArrayEquals(data, storage.readAllBytes(BlobId.of(target, "out/x.bin")));

        Blob renamed = storage.copy(Storage.CopyRequest.newBuilder().setSource(BlobId.of(bucket, "in/x.bin"))
                .setTarget(BlobInfo.newBuilder(target, "out/y.bin").setContentType("text/plain").build()).build())
                .getResult();
        assertEquals("text/plain", renamed.getContentType());
        assertNull(renamed.getMetadata());

        storage.create(BlobInfo.newBuilder(bucket, "part-2").build(), "tail".getBytes(StandardCharsets.UTF_8));
        Blob composed = storage.compose(Storage.ComposeRequest.of(bucket, List.of("in/x.bin", "part-2"), "whole"));
        byte[] expected = new byte[data.length + 4];
        System.arraycopy(data, 0, expected, 0, data.length);
        System.arraycopy("tail".getBytes(StandardCharsets.UTF_8), 0, expected, data.length, 4);
        assertEquals(crc32c(expected), composed.getCrc32c());
        assertArrayEquals(expected, storage.readAllBytes(BlobId.of(bucket, "whole")));

        StorageException missingSource = assertThrows(StorageException.class, () -> storage.copy(
                Storage.CopyRequest.of(bucket, "in/none.bin", BlobId.of(target, "never"))).getResult());
        assertEquals(404, missingSource.getCode());
        assertNull(storage.get(BlobId.of(target, "never")));
    }

    @Test
    void fileCopiedIntoTheBucketFolderIsAnObject() throws Exception {
        String bucket = newBucket("dropped-files");
        byte[] data = randomBytes(4096, 9);
        Path dropped = gcsRoot.resolve(bucket).resolve("incoming/2024/img.dcm");
        Files.createDirectories(dropped.getParent());
        Files.write(dropped, data);

        Blob blob = storage.get(BlobId.of(bucket, "incoming/2024/img.dcm"));
        assertNotNull(blob);
        assertEquals(data.length, blob.getSize());
        assertEquals(crc32c(data), blob.getCrc32c());
        assertEquals(md5(data), blob.getMd5());
        assertArrayEquals(data, storage.readAllBytes(BlobId.of(bucket, "incoming/2024/img.dcm")));
        List<String> listed = new ArrayList<>();
        storage.list(bucket, Storage.BlobListOption.prefix("incoming/")).iterateAll().forEach(b -> listed.add(b.getName()));
        assertEquals(List.of("incoming/2024/img.dcm"), listed);

        // replacing the file by hand makes a new generation with new hashes
        byte[] replaced = randomBytes(100, 10);
        Files.write(dropped, replaced);
        Files.setLastModifiedTime(dropped, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(dropped).toMillis() + 5000));
        Blob again = storage.get(BlobId.of(bucket, "incoming/2024/img.dcm"));
        assertEquals(crc32c(replaced), again.getCrc32c());
        assertNotEquals(blob.getGeneration(), again.getGeneration());

        // a bucket folder made by hand is a bucket
        Files.createDirectories(gcsRoot.resolve("hand-made-bucket"));
        Files.writeString(gcsRoot.resolve("hand-made-bucket/readme.txt"), "hi");
        assertNotNull(storage.get("hand-made-bucket"));
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8),
                storage.readAllBytes(BlobId.of("hand-made-bucket", "readme.txt")));
    }

    @Test
    void missingBucketsAndObjectsAre404AndWriteNothing() throws Exception {
        List<Path> before = LocalStorage.files(dataDir.resolve("gcs"));
        StorageException direct = assertThrows(StorageException.class,
                () -> storage.create(BlobInfo.newBuilder("no-such-bucket", "x").build(), new byte[] {1}));
        assertEquals(404, direct.getCode());
        StorageException resumable = assertThrows(StorageException.class, () -> {
            try (WriteChannel w = storage.writer(BlobInfo.newBuilder("no-such-bucket", "y").build())) {
                w.write(ByteBuffer.wrap(new byte[] {1}));
            }
        });
        assertEquals(404, resumable.getCode());
        assertNull(storage.get("no-such-bucket"));
        StorageException list = assertThrows(StorageException.class, () -> storage.list("no-such-bucket"));
        assertEquals(404, list.getCode());
        assertEquals(before, LocalStorage.files(dataDir.resolve("gcs")));
        assertFalse(Files.exists(dataDir.resolve("gcs/no-such-bucket")));
    }

    @Test
    void invalidBucketAndObjectNamesAre400AndTouchNoFile() throws Exception {
        String bucket = newBucket("bad-names");
        List<Path> before = LocalStorage.files(dataDir);

        StorageException badBucket = assertThrows(StorageException.class,
                () -> storage.create(BucketInfo.of("Bad_Bucket!")));
        assertEquals(400, badBucket.getCode());

        for (String name : List.of("../escape.txt", "a/../../escape.txt", "a//b", "./x", "dir/")) {
            StorageException e = assertThrows(StorageException.class,
                    () -> storage.create(BlobInfo.newBuilder(bucket, name).build(), new byte[] {1}), name);
            assertEquals(400, e.getCode(), name);
        }
        // traversal attempts in the raw URL path
        for (String path : List.of("storage/v1/b/bad-names/o/..%2F..%2Fescape.txt",
                "storage/v1/b/..%2Fgcs/o/x",
                "upload/storage/v1/b/bad-names/o?uploadType=media&name=..%2F..%2Fescape.txt",
                "upload/storage/v1/b/bad-names/o?uploadType=media&name=%2Fetc%2Fpasswd",
                "upload/storage/v1/b/bad-names/o?uploadType=media&name=a%00b")) {
            HttpResponse<String> resp = LocalStorage.send(LocalStorage.request(server, path)
                    .POST(HttpRequest.BodyPublishers.ofString("payload")).build());
            assertTrue(resp.statusCode() == 400 || resp.statusCode() == 404, path + " -> " + resp.statusCode());
            JsonObject error = JsonParser.parseString(resp.body()).getAsJsonObject().getAsJsonObject("error");
            assertEquals(resp.statusCode(), error.get("code").getAsInt());
        }
        HttpResponse<String> get = LocalStorage.send(LocalStorage.request(server,
                "storage/v1/b/bad-names/o/..%2F..%2Fpom.xml?alt=media").GET().build());
        assertEquals(400, get.statusCode());

        assertEquals(before, LocalStorage.files(dataDir));
        assertFalse(Files.exists(dataDir.resolve("escape.txt")));
        assertFalse(Files.exists(dataDir.resolve("gcs/escape.txt")));
    }

    @Test
    void wrongChecksumInAMultipartUploadIsRejectedAndNothingIsStored() throws Exception {
        String bucket = newBucket("checksums");
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
                + "{\"name\":\"c.txt\",\"crc32c\":\"AAAAAA==\"}\r\n--" + boundary
                + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n";
        HttpResponse<String> resp = LocalStorage.send(LocalStorage.request(server,
                "upload/storage/v1/b/" + bucket + "/o?uploadType=multipart")
                .header("Content-Type", "multipart/related; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(400, resp.statusCode(), resp.body());
        assertTrue(resp.body().contains("CRC32C"), resp.body());
        assertNull(storage.get(BlobId.of(bucket, "c.txt")));
        assertEquals(List.of(), LocalStorage.files(gcsRoot.resolve(bucket)));

        HttpResponse<String> ok = LocalStorage.send(LocalStorage.request(server,
                "upload/storage/v1/b/" + bucket + "/o?uploadType=multipart")
                .header("Content-Type", "multipart/related; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.replace(",\"crc32c\":\"AAAAAA==\"", ""))).build());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("hello", Files.readString(gcsRoot.resolve(bucket).resolve("c.txt")));
        assertEquals("text/plain", storage.get(BlobId.of(bucket, "c.txt")).getContentType());
    }

    @Test
    void unfinishedResumableUploadLeavesNoObject() throws Exception {
        String bucket = newBucket("unfinished");
        HttpResponse<String> start = LocalStorage.send(LocalStorage.request(server,
                "upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&name=half.bin")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(200, start.statusCode(), start.body());
        String session = start.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> chunk = LocalStorage.send(HttpRequest.newBuilder(java.net.URI.create(session))
                .header("Content-Range", "bytes 0-9/*")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build());
        assertEquals(308, chunk.statusCode());
        assertEquals("bytes=0-9", chunk.headers().firstValue("Range").orElseThrow());
        assertNull(storage.get(BlobId.of(bucket, "half.bin")));
        assertEquals(List.of(), LocalStorage.files(gcsRoot.resolve(bucket)));

        HttpResponse<String> status = LocalStorage.send(HttpRequest.newBuilder(java.net.URI.create(session))
                .header("Content-Range", "bytes */*").PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(308, status.statusCode());
        assertEquals("bytes=0-9", status.headers().firstValue("Range").orElseThrow());

        HttpResponse<String> cancel = LocalStorage.send(HttpRequest.newBuilder(java.net.URI.create(session))
                .DELETE().build());
        assertEquals(499, cancel.statusCode());
        HttpResponse<String> gone = LocalStorage.send(HttpRequest.newBuilder(java.net.URI.create(session))
                .header("Content-Range", "bytes */*").PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(404, gone.statusCode());
        assertNull(storage.get(BlobId.of(bucket, "half.bin")));
    }

    @Test
    void uploadCutOffMidBodyLeavesNoObject() throws Exception {
        String bucket = newBucket("cut-off");
        try (java.net.Socket socket = new java.net.Socket(server.baseUrl().getHost(), server.port())) {
            String head = "POST /upload/storage/v1/b/" + bucket + "/o?uploadType=media&name=partial.bin HTTP/1.1\r\n"
                    + "Host: " + server.baseUrl().getAuthority() + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[5000]);
            socket.getOutputStream().flush();
            // the client goes away mid-body: the emulator sees the body end early and gives up on the request
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        }
        // then its staged bytes must go; poll with a deadline rather than guess how long that takes
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!LocalStorage.files(dataDir.resolve("gcs/.gcs-meta/tmp")).isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        assertEquals(List.of(), LocalStorage.files(dataDir.resolve("gcs/.gcs-meta/tmp")));
        assertNull(storage.get(BlobId.of(bucket, "partial.bin")));
        assertEquals(List.of(), LocalStorage.files(gcsRoot.resolve(bucket)));
    }

    @Test
    void objectNamesThatCannotShareAFolderTreeAreRefusedWith409() throws Exception {
        String bucket = newBucket("tree-conflicts");
        storage.create(BlobInfo.newBuilder(bucket, "a").build(), new byte[] {1});
        storage.create(BlobInfo.newBuilder(bucket, "d/e").build(), new byte[] {2});
        StorageException fileAsFolder = assertThrows(StorageException.class,
                () -> storage.create(BlobInfo.newBuilder(bucket, "a/b").build(), new byte[] {3}));
        assertEquals(409, fileAsFolder.getCode());
        StorageException folderAsFile = assertThrows(StorageException.class,
                () -> storage.create(BlobInfo.newBuilder(bucket, "d").build(), new byte[] {4}));
        assertEquals(409, folderAsFile.getCode());
        assertArrayEquals(new byte[] {1}, storage.readAllBytes(BlobId.of(bucket, "a")));
        assertArrayEquals(new byte[] {2}, storage.readAllBytes(BlobId.of(bucket, "d/e")));
        assertEquals(List.of(gcsRoot.resolve(bucket).resolve("a"), gcsRoot.resolve(bucket).resolve("d/e")),
                LocalStorage.files(gcsRoot.resolve(bucket)));
    }

    @Test
    void uploadsLargerThanTheRequestLimitAre413AndStoreNothing(@TempDir Path otherDir) throws Exception {
        try (EmulatorServer small = EmulatorServer.start(EmulatorConfig.local(otherDir)
                .withPubsubEmulatorHost(null).withMaxRequestBytes(1000));
             Storage client = LocalStorage.client(small)) {
            client.create(BucketInfo.of("limited"));
            StorageException tooLarge = assertThrows(StorageException.class,
                    () -> client.create(BlobInfo.newBuilder("limited", "big").build(), randomBytes(5000, 1)));
            assertEquals(413, tooLarge.getCode());
            client.create(BlobInfo.newBuilder("limited", "small").build(), randomBytes(100, 1));
            assertEquals(List.of(otherDir.resolve("gcs/limited/small")), LocalStorage.files(otherDir.resolve("gcs/limited")));
        }
    }

    @Test
    void leftoversOfAnInterruptedWriteAreNeverObjects(@TempDir Path otherDir) throws Exception {
        // what a crash in the middle of an upload leaves behind: a staged file, never renamed into the bucket
        Files.createDirectories(otherDir.resolve("gcs/.gcs-meta/tmp"));
        Files.createDirectories(otherDir.resolve("gcs/crashed"));
        Files.write(otherDir.resolve("gcs/.gcs-meta/tmp/object-123.part"), new byte[] {1, 2, 3});
        try (EmulatorServer restarted = EmulatorServer.start(EmulatorConfig.local(otherDir).withPubsubEmulatorHost(null));
             Storage client = LocalStorage.client(restarted)) {
            assertFalse(client.list("crashed").iterateAll().iterator().hasNext());
            assertEquals(List.of(), LocalStorage.files(otherDir.resolve("gcs/.gcs-meta/tmp")));
        }
    }

    @Test
    void namesWithSpacesUnicodeAndUrlCharactersRoundTrip() throws Exception {
        String bucket = newBucket("odd-names");
        List<String> names = List.of("dir with space/ä+b#c?.dcm", "100%.txt", "semi;colon=eq&amp.txt",
                "日本/画像.dcm", "a%2Fb", "tilde~star*(1)'.txt");
        for (String name : names) {
            Blob blob = storage.create(BlobInfo.newBuilder(bucket, name).build(), name.getBytes(StandardCharsets.UTF_8));
            assertEquals(name, blob.getName());
            assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), storage.readAllBytes(BlobId.of(bucket, name)), name);
            Path onDisk = gcsRoot.resolve(bucket);
            for (String segment : name.split("/")) {
                onDisk = onDisk.resolve(segment);
            }
            assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(onDisk), name);
        }
        try (WriteChannel writer = storage.writer(BlobInfo.newBuilder(bucket, "resumable/ü #?&=+%.bin").build())) {
            writer.write(ByteBuffer.wrap(new byte[] {7, 7, 7}));
        }
        assertArrayEquals(new byte[] {7, 7, 7}, storage.readAllBytes(BlobId.of(bucket, "resumable/ü #?&=+%.bin")));

        List<String> listed = new ArrayList<>();
        storage.list(bucket).iterateAll().forEach(b -> listed.add(b.getName()));
        List<String> expected = new ArrayList<>(names);
        expected.add("resumable/ü #?&=+%.bin");
        assertEquals(expected.stream().sorted().toList(), listed);
        for (String name : expected) {
            assertTrue(storage.delete(BlobId.of(bucket, name)), name);
        }
        assertEquals(List.of(), LocalStorage.files(gcsRoot.resolve(bucket)));
    }

    @Test
    void batchedGetsUpdatesAndDeletesAreServedPartByPart() {
        String bucket = newBucket("batched");
        for (String name : List.of("b1", "b2", "b3")) {
            storage.create(BlobInfo.newBuilder(bucket, name).build(), name.getBytes(StandardCharsets.UTF_8));
        }
        List<Blob> got = storage.get(BlobId.of(bucket, "b1"), BlobId.of(bucket, "missing"), BlobId.of(bucket, "b3"));
        assertEquals("b1", got.get(0).getName());
        assertNull(got.get(1));
        assertEquals(2L, got.get(2).getSize());

        List<Blob> updated = storage.update(
                BlobInfo.newBuilder(bucket, "b1").setMetadata(Map.of("state", "done")).build(),
                BlobInfo.newBuilder(bucket, "b2").setMetadata(Map.of("state", "failed")).build());
        assertEquals(Map.of("state", "done"), updated.get(0).getMetadata());
        assertEquals(Map.of("state", "failed"), storage.get(BlobId.of(bucket, "b2")).getMetadata());

        List<Boolean> deleted = storage.delete(BlobId.of(bucket, "b1"), BlobId.of(bucket, "b2"),
                BlobId.of(bucket, "missing"));
        assertEquals(List.of(true, true, false), deleted);
        List<String> left = new ArrayList<>();
        storage.list(bucket).iterateAll().forEach(b -> left.add(b.getName()));
        assertEquals(List.of("b3"), left);
    }

    @Test
    void symbolicLinksInsideABucketFolderDoNotLeadWritesOutside(@TempDir Path outside) throws Exception {
        String bucket = newBucket("linked");
        Files.createSymbolicLink(gcsRoot.resolve(bucket).resolve("escape"), outside);
        StorageException e = assertThrows(StorageException.class,
                () -> storage.create(BlobInfo.newBuilder(bucket, "escape/x.txt").build(), new byte[] {1}));
        assertEquals(400, e.getCode());
        assertEquals(List.of(), LocalStorage.files(outside));
    }

    @Test
    void resumableChunksThatOverlapWhatWasReceivedAreMergedOnce() throws Exception {
        String bucket = newBucket("overlapping-chunks");
        byte[] data = randomBytes(20, 5);
        HttpResponse<String> start = LocalStorage.send(LocalStorage.request(server,
                "upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&name=o.bin")
                .header("Content-Type", "application/json").header("X-Upload-Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"k\":\"v\"}}")).build());
        java.net.URI session = java.net.URI.create(start.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> first = LocalStorage.send(HttpRequest.newBuilder(session)
                .header("Content-Range", "bytes 0-9/*")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(data, 0, 10))).build());
        assertEquals(308, first.statusCode());
        // the client did not see the answer and sends from byte 5 again, through to the end
        HttpResponse<String> last = LocalStorage.send(HttpRequest.newBuilder(session)
                .header("Content-Range", "bytes 5-19/20")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(data, 5, 20))).build());
        assertEquals(200, last.statusCode(), last.body());
        JsonObject resource = JsonParser.parseString(last.body()).getAsJsonObject();
        assertEquals("20", resource.get("size").getAsString());
        assertEquals("image/png", resource.get("contentType").getAsString());
        assertEquals("v", resource.getAsJsonObject("metadata").get("k").getAsString());
        assertArrayEquals(data, storage.readAllBytes(BlobId.of(bucket, "o.bin")));

        // asking again after completion returns the object, and a gap is refused
        HttpResponse<String> again = LocalStorage.send(HttpRequest.newBuilder(session)
                .header("Content-Range", "bytes */20").PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, again.statusCode());
        HttpResponse<String> other = LocalStorage.send(LocalStorage.request(server,
                "upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&name=gap.bin")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> gap = LocalStorage.send(HttpRequest.newBuilder(
                java.net.URI.create(other.headers().firstValue("Location").orElseThrow()))
                .header("Content-Range", "bytes 10-19/20")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build());
        assertEquals(400, gap.statusCode());
        assertNull(storage.get(BlobId.of(bucket, "gap.bin")));
    }

    @Test
    void resumableUploadWhosePreconditionFailsAtTheEndStoresNothing() throws Exception {
        String bucket = newBucket("resumable-precondition");
        WriteChannel writer = storage.writer(BlobInfo.newBuilder(bucket, "p.bin").build(),
                Storage.BlobWriteOption.doesNotExist());
        // someone else creates the object while the upload is in flight
        storage.create(BlobInfo.newBuilder(bucket, "p.bin").build(), "winner".getBytes(StandardCharsets.UTF_8));
        writer.write(ByteBuffer.wrap(randomBytes(1000, 8)));
        Exception failure = assertThrows(Exception.class, writer::close);
        StorageException cause = failure instanceof StorageException se ? se
                : (StorageException) failure.getCause();
        assertEquals(412, cause.getCode());
        assertArrayEquals("winner".getBytes(StandardCharsets.UTF_8), storage.readAllBytes(BlobId.of(bucket, "p.bin")));
    }

    @Test
    void objectsWrittenThroughTheStoreApiAreVisibleToClients() throws Exception {
        String bucket = newBucket("store-api");
        GcsStore store = server.context().feature(StorageFeature.class).orElseThrow().store();
        GcsObject written = store.write(bucket, "export/a.json", new java.io.ByteArrayInputStream(
                "{}".getBytes(StandardCharsets.UTF_8)), ObjectAttributes.ofContentType("application/json"),
                Preconditions.ifGenerationMatch(0));
        Blob blob = storage.get(BlobId.of(bucket, "export/a.json"));
        assertEquals(written.generation(), blob.getGeneration());
        assertEquals("application/json", blob.getContentType());
        assertEquals(crc32c("{}".getBytes(StandardCharsets.UTF_8)), blob.getCrc32c());
        GoogleErrorAssert.assertCode(412, () -> store.write(bucket, "export/a.json",
                new java.io.ByteArrayInputStream(new byte[0]), ObjectAttributes.empty(), Preconditions.ifGenerationMatch(0)));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), store.readAllBytes(bucket, "export/a.json"));
        assertEquals(List.of("export/a.json"), store.objectNames(bucket, "exp"));
        GoogleErrorAssert.assertCode(404, () -> store.readAllBytes(bucket, "export/none"));
        GoogleErrorAssert.assertCode(404, () -> store.requireBucket("no-bucket-here"));
    }

    /** Store calls throw GoogleError with the HTTP code the API would answer. */
    private static final class GoogleErrorAssert {
        interface Call {
            void run() throws Exception;
        }

        static void assertCode(int code, Call call) {
            org.dicompipe.emulator.http.GoogleError e =
                    assertThrows(org.dicompipe.emulator.http.GoogleError.class, call::run);
            assertEquals(code, e.httpCode(), e.getMessage());
        }
    }
}
