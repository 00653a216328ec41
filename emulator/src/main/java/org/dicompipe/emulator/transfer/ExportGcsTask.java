package org.dicompipe.emulator.transfer;

import com.google.api.services.healthcare.v1.model.ExportDicomDataResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dicompipe.codec.BulkDataSource;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.PixelFrames;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.UID;
import org.dicompipe.emulator.gcs.GcsStore;
import org.dicompipe.emulator.gcs.ObjectAttributes;
import org.dicompipe.emulator.gcs.Preconditions;
import org.dicompipe.emulator.healthcare.operations.OperationProgress;
import org.dicompipe.emulator.healthcare.operations.OperationResult;
import org.dicompipe.emulator.healthcare.operations.OperationTask;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.rendering.FrameRenderer;
import org.dicompipe.emulator.rendering.RenderedFormat;
import org.dicompipe.emulator.rendering.RenderingException;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.PixelLayout;
import org.dicompipe.emulator.storage.StoredInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dicomStores.export to Cloud Storage: each instance becomes {@code {uriPrefix}/{study}/{series}/{instance}.dcm}
 * (for pixel data exports {@code .../{instance}}, for rendered exports {@code .../{instance}.jpg} or {@code .png};
 * frames of multi-frame instances {@code .../{instance}/{frame}} with the same extension). Each object is staged and
 * committed whole, and all the frames of an instance before any is committed ({@link FrameObjects}); an instance
 * that cannot be exported in the requested format counts as a failure, is logged at DEBUG with the reason, and the
 * others go on.
 */
final class ExportGcsTask implements OperationTask {

    static final String RESPONSE_TYPE = "type.googleapis.com/google.cloud.healthcare.v1.dicom.ExportDicomDataResponse";

    private static final Logger LOG = LoggerFactory.getLogger(ExportGcsTask.class);

    private final DicomStoreStorage storage;
    private final GcsStore gcs;
    private final GcsLocation destination;
    private final ExportFormat format;
    private final int parallelism;

    ExportGcsTask(DicomStoreStorage storage, GcsStore gcs, GcsLocation destination, ExportFormat format,
            int parallelism) {
        this.storage = storage;
        this.gcs = gcs;
        this.destination = destination;
        this.format = format;
        this.parallelism = parallelism;
    }

    @Override
    public OperationResult run(OperationProgress progress) throws Exception {
        if (gcs.bucket(destination.bucket()).isEmpty()) {
            throw GoogleError.notFound("gcsDestination.uriPrefix: bucket " + destination.bucket() + " does not exist");
        }
        List<InstanceKey> keys = storage.keys();
        progress.setPending(keys.size());
        String base = destination.path().replaceAll("/+$", "");
        AtomicLong failed = new AtomicLong();
        ParallelWork.forEach(keys, parallelism, progress, "dicom-export", key -> {
            String name = (base.isEmpty() ? "" : base + "/") + key.study() + "/" + key.series() + "/" + key.instance();
            try {
                exportOne(key, name);
                progress.add(1, 0);
            } catch (IOException | RenderingException | RuntimeException e) {
                LOG.debug("{}: instance {} not exported: {}", progress.operationName(), key.instance(), e.toString());
                failed.incrementAndGet();
                progress.addFailure("/studies/" + key.study() + "/series/" + key.series() + "/instances/"
                        + key.instance(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        });
        if (failed.get() > 0) {
            LOG.warn("{}: {} of {} instance(s) could not be exported as {}", progress.operationName(), failed.get(),
                    keys.size(), format.contentType());
        }
        return OperationResult.success(RESPONSE_TYPE, new ExportDicomDataResponse());
    }

    private void exportOne(InstanceKey key, String name) throws IOException, RenderingException {
        Optional<StoredInstance> stored = storage.find(key);
        if (stored.isEmpty()) {
            throw new IOException("the instance was deleted during the export");
        }
        Path file = storage.file(key);
        String storedSyntax = stored.get().transferSyntaxUid();
        ObjectAttributes attributes = ObjectAttributes.ofContentType(format.contentType());
        if (format.rendered() != null) {
            exportRendered(stored.get(), file, name, attributes);
        } else if (format.kind() == ExportFormat.Kind.PIXEL_DATA) {
            exportFrames(file, storedSyntax, name, attributes);
        } else if (format.transferSyntax() == null || format.transferSyntax().equals(storedSyntax)) {
            try (InputStream in = Files.newInputStream(file)) {
                gcs.write(destination.bucket(), name + format.extension(), in, attributes, Preconditions.NONE);
            }
        } else if (format.transferSyntax().equals(UID.ExplicitVRLittleEndian) && isNative(storedSyntax)) {
            // a change of encoding only: no pixel data is decompressed or compressed
            DicomFile dicom = DicomReader.read(file, ReadOptions.defaults());
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Files.size(file) + 4096, 1L << 30));
            DicomWriter.write(dicom.dataset(), UID.ExplicitVRLittleEndian, out);
            gcs.write(destination.bucket(), name + format.extension(), new ByteArrayInputStream(out.toByteArray()),
                    attributes, Preconditions.NONE);
        } else {
            throw new IOException("exporting " + storedSyntax + " as " + format.transferSyntax()
                    + " needs transcoding, which this emulator does not do");
        }
    }

    private void exportFrames(Path file, String storedSyntax, String name, ObjectAttributes attributes)
            throws IOException, RenderingException {
        if (format.transferSyntax() != null && !isNativeLittleEndian(storedSyntax)) {
            throw new IOException("raw pixel data in " + format.transferSyntax() + " needs transcoding from "
                    + storedSyntax);
        }
        DicomFile dicom = DicomReader.read(file, ReadOptions.defaults().withBulkDataThreshold(64 * 1024));
        if (!dicom.dataset().contains(Tags.PixelData)) {
            throw new IOException("the instance has no pixel data");
        }
        BulkDataSource source = BulkDataSource.of(file);
        new FrameObjects(gcs, destination.bucket(), attributes).write(name,
                PixelFrames.numberOfFrames(dicom.dataset()), format.extension(),
                (frame, out) -> out.write(PixelFrames.frame(dicom.dataset(), frame - 1, source)));
    }

    /** One image per frame, rendered as retrieveRendered renders it. */
    private void exportRendered(StoredInstance stored, Path file, String name, ObjectAttributes attributes)
            throws IOException, RenderingException {
        PixelLayout px = PixelLayout.fromJson(stored.pixels());
        if (px == null) {
            throw new IOException(UID.isDeflated(stored.transferSyntaxUid())
                    ? "rendering deflated instances is not supported by this emulator"
                    : "the instance has no pixel data");
        }
        FrameRenderer renderer = FrameRenderer.open(file, px);
        RenderedFormat image = format.rendered();
        new FrameObjects(gcs, destination.bucket(), attributes).write(name, renderer.frames(), format.extension(),
                (frame, out) -> image.encode(renderer.render(frame), out));
    }

    private static boolean isNative(String ts) {
        return ts.equals(UID.ImplicitVRLittleEndian) || ts.equals(UID.ExplicitVRLittleEndian)
                || ts.equals(UID.ExplicitVRBigEndian) || ts.equals(UID.DeflatedExplicitVRLittleEndian);
    }

    private static boolean isNativeLittleEndian(String ts) {
        return ts.equals(UID.ImplicitVRLittleEndian) || ts.equals(UID.ExplicitVRLittleEndian)
                || ts.equals(UID.DeflatedExplicitVRLittleEndian);
    }
}
