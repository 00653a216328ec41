package org.dicompipe.emulator.gcs;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.dicompipe.emulator.http.GoogleError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets and objects on disk. {@code {root}/{bucket}/{object}} holds the bytes, so a file copied there is an
 * object; everything else lives below {@code {root}/.gcs-meta/}, a name no bucket can have:
 * {@code buckets/{bucket}.json}, {@code objects/{bucket}/{object}} (one JSON sidecar per object, mirroring the
 * data tree), {@code tmp/} for atomic writes. Data reaches its final name only by an atomic rename, so readers
 * never see a half-written object. Changes are serialised by one lock; bytes are streamed outside it.
 */
public final class GcsStore {

    private static final Logger LOG = LoggerFactory.getLogger(GcsStore.class);
    private static final Gson GSON = new Gson();
    public static final String META_DIR = ".gcs-meta";

    /** What happened to objects; called after the change is on disk, outside the store's lock. */
    public interface Listener {
        void finalized(GcsObject object, GcsObject overwritten);

        void deleted(GcsObject object, Long overwrittenByGeneration);

        void metadataUpdated(GcsObject object);
    }

    private final Path root;
    private final Path meta;
    private final Path tmp;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong lastGeneration = new AtomicLong();
    private volatile Listener listener = new Listener() {
        @Override
        public void finalized(GcsObject object, GcsObject overwritten) {
        }

        @Override
        public void deleted(GcsObject object, Long overwrittenByGeneration) {
        }

        @Override
        public void metadataUpdated(GcsObject object) {
        }
    };

    public GcsStore(Path root) throws IOException {
        this.root = root;
        this.meta = root.resolve(META_DIR);
        this.tmp = meta.resolve("tmp");
        Files.createDirectories(tmp);
        // leftovers of writes interrupted by a crash never became objects
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) leftovers::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    public Path root() {
        return root;
    }

    void listener(Listener newListener) {
        this.listener = newListener;
    }

    // ---------------------------------------------------------------- buckets

    public GcsBucket createBucket(GcsBucket bucket) throws IOException {
        GcsNames.requireBucket(bucket.name());
        lock.lock();
        try {
            Path dir = root.resolve(bucket.name());
            if (Files.isDirectory(dir)) {
                throw new GoogleError(409, "ALREADY_EXISTS",
                        "Your previous request to create the named bucket succeeded and you already own it.");
            }
            writeJsonAtomically(bucketSidecar(bucket.name()), GSON.toJson(bucket));
            Files.createDirectories(dir);
            return bucket;
        } finally {
            lock.unlock();
        }
    }

    /** A bucket exists when its folder does; a folder made by hand gets default bucket settings. */
    public Optional<GcsBucket> bucket(String name) throws IOException {
        if (!GcsNames.isValidBucket(name) || !Files.isDirectory(root.resolve(name))) {
            return Optional.empty();
        }
        Path sidecar = bucketSidecar(name);
        if (Files.isRegularFile(sidecar)) {
            try {
                return Optional.of(GSON.fromJson(Files.readString(sidecar), GcsBucket.class));
            } catch (JsonParseException e) {
                LOG.warn("ignoring unreadable bucket metadata {}: {}", sidecar, e.getMessage());
            }
        }
        Instant created = Files.getLastModifiedTime(root.resolve(name)).toInstant();
        return Optional.of(GcsBucket.defaults(name, Rfc3339.format(created)));
    }

    public GcsBucket requireBucket(String name) throws IOException {
        GcsNames.requireBucket(name);
        return bucket(name).orElseThrow(() -> GoogleError.notFound("The specified bucket does not exist."));
    }

    public GcsBucket updateBucket(String name, UnaryOperator<GcsBucket> change) throws IOException {
        lock.lock();
        try {
            GcsBucket updated = change.apply(requireBucket(name));
            writeJsonAtomically(bucketSidecar(name), GSON.toJson(updated));
            return updated;
        } finally {
            lock.unlock();
        }
    }

    public List<String> bucketNames() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(GcsNames::isValidBucket)
                    .sorted()
                    .toList();
        }
    }

    /** Deletes an empty bucket with its settings and notification configs; 409 while it holds objects. */
    public void deleteBucket(String name) throws IOException {
        lock.lock();
        try {
            requireBucket(name);
            Path dir = root.resolve(name);
            try (Stream<Path> files = Files.walk(dir)) {
                if (files.anyMatch(Files::isRegularFile)) {
                    throw new GoogleError(409, "FAILED_PRECONDITION", "The bucket you tried to delete is not empty.");
                }
            }
            deleteTree(dir);
            deleteTree(meta.resolve("objects").resolve(name));
            Files.deleteIfExists(bucketSidecar(name));
            Files.deleteIfExists(notificationsFile(name));
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- objects

    /** A fresh file for staging bytes; rename it into place with {@link #commit}. */
    public Path newTempFile() throws IOException {
        return Files.createTempFile(tmp, "object-", ".part");
    }

    /**
     * Makes {@code staged} the new live generation of {@code bucket/name}. Preconditions are checked against
     * the live generation first; on any failure the staged file is deleted and nothing else changes.
     */
    public GcsObject commit(String bucket, String name, Path staged, ContentHashes hashes, ObjectAttributes attributes,
                            Preconditions preconditions) throws IOException {
        GcsObject created;
        GcsObject previous;
        lock.lock();
        try {
            requireBucket(bucket);
            GcsNames.requireObject(name);
            previous = find(bucket, name).orElse(null);
            preconditions.check(previous);
            Path target = dataPath(bucket, name);
            ensureStorable(bucket, name, target);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            String now = Rfc3339.format(Instant.now());
            created = new GcsObject(bucket, name, nextGeneration(), 1, hashes.size(), hashes.md5Hash(),
                    hashes.crc32c(), attributes, now, now, Files.size(target),
                    Files.getLastModifiedTime(target).toMillis(), true);
            writeSidecar(created);
        } catch (AtomicMoveNotSupportedException e) {
            throw GoogleError.internal("the data folder does not support atomic renames: " + e.getMessage());
        } finally {
            Files.deleteIfExists(staged);
            lock.unlock();
        }
        Listener l = listener;
        l.finalized(created, previous);
        if (previous != null) {
            l.deleted(previous, created.generation());
        }
        return created;
    }

    /** The live object, registering a file found on disk without (or with out-of-date) metadata. */
    public Optional<GcsObject> find(String bucket, String name) throws IOException {
        if (!GcsNames.isValidObject(name)) {
            return Optional.empty();
        }
        lock.lock();
        try {
            Path data = dataPath(bucket, name);
            Path sidecar = sidecarPath(bucket, name);
            if (!Files.isRegularFile(data)) {
                if (Files.isRegularFile(sidecar)) {
                    Files.deleteIfExists(sidecar);
                }
                return Optional.empty();
            }
            GcsObject known = readSidecar(sidecar);
            long size = Files.size(data);
            long modified = Files.getLastModifiedTime(data).toMillis();
            if (known != null && known.fileSize() == size && known.fileModifiedMillis() == modified) {
                return Optional.of(known);
            }
            return Optional.of(registerFound(bucket, name, data, size, modified));
        } finally {
            lock.unlock();
        }
    }

    /** The live object or 404. */
    public GcsObject require(String bucket, String name) throws IOException {
        requireBucket(bucket);
        GcsNames.requireObject(name);
        return find(bucket, name).orElseThrow(() -> GoogleError.notFound("No such object: " + bucket + "/" + name));
    }

    /**
     * Opens the content of the live object; the channel stays valid (and shows the same bytes) even if the object
     * is replaced while it is read.
     */
    public Opened open(String bucket, String name, Long generation) throws IOException {
        lock.lock();
        try {
            GcsObject object = require(bucket, name);
            if (generation != null && generation != object.generation()) {
                throw GoogleError.notFound("No such object: " + bucket + "/" + name + "#" + generation);
            }
            return new Opened(object, FileChannel.open(dataPath(bucket, name), StandardOpenOption.READ));
        } finally {
            lock.unlock();
        }
    }

    /** An object's metadata and an open channel on its bytes; the caller closes the channel. */
    public record Opened(GcsObject object, FileChannel content) {
    }

    /** Object names in the bucket that start with {@code prefix}, sorted. */
    public List<String> objectNames(String bucket, String prefix) throws IOException {
        Path bucketDir = root.resolve(GcsNames.requireBucket(bucket));
        String p = prefix == null ? "" : prefix;
        // only walk the folder the prefix points into
        Path start = bucketDir;
        int lastSlash = p.lastIndexOf('/');
        if (lastSlash > 0 && GcsNames.isValidObject(p.substring(0, lastSlash))) {
            start = dataPath(bucket, p.substring(0, lastSlash));
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String name = toObjectName(bucketDir.relativize(file));
                if (name.startsWith(p) && GcsNames.isValidObject(name)) {
                    names.add(name);
                }
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
            // a folder vanished during the walk: list what is there now
            return objectNames(bucket, prefix);
        }
        names.sort(null);
        return names;
    }

    /** Deletes the live object; 404 when there is none, 412 when a precondition fails. */
    public GcsObject delete(String bucket, String name, Long generation, Preconditions preconditions)
            throws IOException {
        GcsObject removed;
        lock.lock();
        try {
            removed = require(bucket, name);
            if (generation != null && generation != removed.generation()) {
                throw GoogleError.notFound("No such object: " + bucket + "/" + name + "#" + generation);
            }
            preconditions.check(removed);
            Files.deleteIfExists(dataPath(bucket, name));
            Files.deleteIfExists(sidecarPath(bucket, name));
            pruneEmptyParents(root.resolve(bucket), dataPath(bucket, name));
            pruneEmptyParents(meta.resolve("objects").resolve(bucket), sidecarPath(bucket, name));
        } finally {
            lock.unlock();
        }
        listener.deleted(removed, null);
        return removed;
    }

    /** Applies a metadata change to the live object, increasing its metageneration. */
    public GcsObject updateAttributes(String bucket, String name, Long generation, Preconditions preconditions,
                                      UnaryOperator<ObjectAttributes> change) throws IOException {
        GcsObject updated;
        lock.lock();
        try {
            GcsObject current = require(bucket, name);
            if (generation != null && generation != current.generation()) {
                throw GoogleError.notFound("No such object: " + bucket + "/" + name + "#" + generation);
            }
            preconditions.check(current);
            updated = current.withAttributes(change.apply(current.attributes()), Rfc3339.format(Instant.now()));
            writeSidecar(updated);
        } finally {
            lock.unlock();
        }
        listener.metadataUpdated(updated);
        return updated;
    }

    /**
     * Finds files that were put into bucket folders by hand and never announced, registers them and reports
     * them as finalized to the listener.
     *
     * @param settled only files unmodified for at least this long are announced, so that a file still being
     *                copied in place is not announced half-written (it is announced by a later scan)
     */
    public List<GcsObject> rescan(Duration settled) throws IOException {
        long newest = System.currentTimeMillis() - settled.toMillis();
        List<GcsObject> found = new ArrayList<>();
        for (String bucket : bucketNames()) {
            for (String name : objectNames(bucket, "")) {
                GcsObject object;
                lock.lock();
                try {
                    object = find(bucket, name).orElse(null);
                    if (object == null || object.announced() || object.fileModifiedMillis() > newest) {
                        continue;
                    }
                    object = object.announced(true);
                    writeSidecar(object);
                } finally {
                    lock.unlock();
                }
                found.add(object);
            }
        }
        for (GcsObject object : found) {
            listener.finalized(object, null);
        }
        return found;
    }

    // ---------------------------------------------------------------- notification configs (stored per bucket)

    Path notificationsFile(String bucket) {
        return meta.resolve("notifications").resolve(GcsNames.requireBucket(bucket) + ".json");
    }

    String readNotifications(String bucket) throws IOException {
        Path file = notificationsFile(bucket);
        return Files.isRegularFile(file) ? Files.readString(file) : null;
    }

    void writeNotifications(String bucket, String json) throws IOException {
        lock.lock();
        try {
            writeJsonAtomically(notificationsFile(bucket), json);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    Path metaDir() {
        return meta;
    }

    private GcsObject registerFound(String bucket, String name, Path data, long size, long modified)
            throws IOException {
        ContentHashes hashes = ContentHashes.of(data);
        String time = Rfc3339.format(Instant.ofEpochMilli(modified));
        String type = URLConnection.guessContentTypeFromName(name);
        GcsObject found = new GcsObject(bucket, name, nextGeneration(), 1, hashes.size(), hashes.md5Hash(),
                hashes.crc32c(), ObjectAttributes.ofContentType(type == null ? ObjectAttributes.DEFAULT_CONTENT_TYPE : type),
                time, time, size, modified, false);
        writeSidecar(found);
        return found;
    }

    private void ensureStorable(String bucket, String name, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new GoogleError(409, "ALREADY_EXISTS", "The local emulator cannot store object '" + name
                    + "': objects below '" + name + "/' exist in the bucket folder");
        }
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectories(sidecarPath(bucket, name).getParent());
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new GoogleError(409, "ALREADY_EXISTS", "The local emulator cannot store object '" + name
                    + "': a parent folder name is already an object in the bucket folder");
        }
        // a symbolic link placed inside the bucket folder by hand must not lead writes elsewhere
        // (the bucket folder itself may be a link, e.g. to another disk)
        if (!target.getParent().toRealPath().startsWith(root.resolve(bucket).toRealPath())) {
            throw GoogleError.invalidArgument("Invalid object name: '" + name
                    + "' leads outside the bucket folder through a symbolic link");
        }
    }

    private long nextGeneration() {
        long micros = Instant.now().toEpochMilli() * 1000;
        return lastGeneration.updateAndGet(last -> Math.max(last + 1, micros));
    }

    private GcsObject readSidecar(Path sidecar) {
        if (!Files.isRegularFile(sidecar)) {
            return null;
        }
        try {
            return GSON.fromJson(Files.readString(sidecar), GcsObject.class);
        } catch (IOException | JsonParseException e) {
            LOG.warn("rebuilding unreadable object metadata {}: {}", sidecar, e.toString());
            return null;
        }
    }

    private void writeSidecar(GcsObject object) throws IOException {
        Path sidecar = sidecarPath(object.bucket(), object.name());
        Files.createDirectories(sidecar.getParent());
        writeJsonAtomically(sidecar, GSON.toJson(object));
        lastGeneration.accumulateAndGet(object.generation(), Math::max);
    }

    private void writeJsonAtomically(Path target, String json) throws IOException {
        Files.createDirectories(target.getParent());
        Path staged = Files.createTempFile(tmp, "meta-", ".json");
        try {
            Files.writeString(staged, json, StandardCharsets.UTF_8);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private Path bucketSidecar(String bucket) {
        return meta.resolve("buckets").resolve(GcsNames.requireBucket(bucket) + ".json");
    }

    /** {@code {root}/{bucket}/{segments...}}; both names are validated, so the result stays below the bucket. */
    Path dataPath(String bucket, String name) {
        return resolveBelow(root.resolve(GcsNames.requireBucket(bucket)), GcsNames.requireObject(name));
    }

    private Path sidecarPath(String bucket, String name) {
        return resolveBelow(meta.resolve("objects").resolve(GcsNames.requireBucket(bucket)),
                GcsNames.requireObject(name));
    }

    private static Path resolveBelow(Path base, String name) {
        Path p = base;
        for (String segment : name.split("/")) {
            p = p.resolve(segment);
        }
        if (!p.normalize().startsWith(base.normalize()) || p.equals(base)) {
            throw GoogleError.invalidArgument("Invalid object name: " + name);
        }
        return p;
    }

    private static String toObjectName(Path relative) {
        StringBuilder name = new StringBuilder();
        for (Path segment : relative) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(segment);
        }
        return name.toString();
    }

    private static void pruneEmptyParents(Path stopAt, Path removed) throws IOException {
        Path dir = removed.getParent();
        while (dir != null && !dir.equals(stopAt) && dir.startsWith(stopAt)) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
            dir = dir.getParent();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Reads a whole object; meant for small objects other emulator features need (configs, filter lists). */
    public byte[] readAllBytes(String bucket, String name) throws IOException {
        Opened opened = open(bucket, name, null);
        try (InputStream in = Channels.newInputStream(opened.content())) {
            return in.readAllBytes();
        }
    }

    /**
     * Writes a whole object from a stream, as an upload would (other features use this for exports).
     * The stream is staged in a temporary file first, so a failure leaves the previous generation in place.
     */
    public GcsObject write(String bucket, String name, InputStream content, ObjectAttributes attributes,
                           Preconditions preconditions) throws IOException {
        requireBucket(bucket);
        GcsNames.requireObject(name);
        Path staged = newTempFile();
        try {
            ContentHashes.Hasher hasher = new ContentHashes.Hasher();
            try (OutputStream out = hasher.sink(Files.newOutputStream(staged))) {
                content.transferTo(out);
            }
            return commit(bucket, name, staged, hasher.result(), attributes.withDefaultContentType(null),
                    preconditions);
        } finally {
            Files.deleteIfExists(staged);
        }
    }
}
