package org.dicompipe.emulator.transfer;

import static org.dicompipe.emulator.transfer.TransferFixture.CORPUS;
import static org.dicompipe.emulator.transfer.TransferFixture.counter;
import static org.dicompipe.emulator.transfer.TransferFixture.errorCode;
import static org.dicompipe.emulator.transfer.TransferFixture.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.healthcare.v1.model.ExportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsDestination;
import com.google.api.services.healthcare.v1.model.GoogleCloudHealthcareV1DicomGcsSource;
import com.google.api.services.healthcare.v1.model.ImportDicomDataRequest;
import com.google.api.services.healthcare.v1.model.Operation;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.dicompipe.emulator.rendering.FrameRenderer;
import org.dicompipe.emulator.rendering.RenderingException;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.PixelLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dicomStores.export with the rendered MIME types (image/png, image/jpeg) through the generated Healthcare client;
 * the objects are read back with google-cloud-storage, decoded with javax.imageio and compared with what pydicom's
 * Modality and VOI LUT functions make of the same frames (resources/rendering/rendered_expectation.py).
 */
class RenderedExportTest {

    /** Rendered: 16-bit greyscale with a window, 8-bit RGB, and three distinct 16-bit frames with a rescale. */
    private static final List<String> RENDERED = List.of("MR_small.dcm", "SC_rgb_small_odd.dcm", "multiframe.dcm");
    /** Not rendered: no pixel data, JPEG 2000 (not decoded here), a JPEG Baseline whose second frame is garbage. */
    private static final List<String> UNRENDERABLE = List.of("rtplan.dcm", "JPEG2000.dcm", "broken_jpeg.dcm");
    private static final Map<String, Integer> FRAMES = Map.of("multiframe.dcm", 3, "broken_jpeg.dcm", 2);

    @TempDir
    static Path dir;
    static TransferFixture fx;
    static String store;
    /** By file name: the source file, its "study/series/instance" and its "{Columns}x{Rows}" as pydicom reads them. */
    static final Map<String, Path> SOURCE = new TreeMap<>();
    static final Map<String, String> PATH = new TreeMap<>();
    static final Map<String, String> SIZE = new TreeMap<>();
    /** pydicom's rendering by "file#frame" (frame from 0). */
    static final Map<String, byte[]> EXPECTED = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        fx = TransferFixture.start(dir.resolve("data"));
        fx.bucket("src");
        fx.bucket("out");
        Path made = Files.createDirectories(dir.resolve("made"));
        run(script("/transfer/make_render_fixtures.py"), CORPUS.toString(), made.toString());
        for (String f : List.of("MR_small.dcm", "SC_rgb_small_odd.dcm", "rtplan.dcm", "JPEG2000.dcm")) {
            SOURCE.put(f, CORPUS.resolve(f));
        }
        SOURCE.put("multiframe.dcm", made.resolve("multiframe.dcm"));
        SOURCE.put("broken_jpeg.dcm", made.resolve("broken_jpeg.dcm"));
        for (Map.Entry<String, Path> e : SOURCE.entrySet()) {
            fx.upload("src", "in/" + e.getKey(), e.getValue());
        }
        store = fx.newStore("rendered", "s");
        Operation imported = fx.awaitDone(fx.stores().healthcareImport(store, new ImportDicomDataRequest()
                .setGcsSource(new GoogleCloudHealthcareV1DicomGcsSource().setUri("gs://src/in/*"))).execute());
        assertEquals(6, counter(imported, "success"));
        List<String> files = new ArrayList<>(SOURCE.keySet());
        List<String> lines = Pydicom.eval("ds.StudyInstanceUID + '/' + ds.SeriesInstanceUID + '/' + ds.SOPInstanceUID"
                + " + ' ' + str(ds.get('Columns')) + 'x' + str(ds.get('Rows'))", files.stream().map(SOURCE::get).toList());
        for (int i = 0; i < files.size(); i++) {
            String[] line = lines.get(i).split(" ");
            PATH.put(files.get(i), line[0]);
            SIZE.put(files.get(i), line[1]);
        }
        Path script = script("/rendering/rendered_expectation.py");
        for (String f : RENDERED) {
            for (int frame = 0; frame < frames(f); frame++) {
                Path out = dir.resolve(f + "." + frame + ".expected");
                run(script, SOURCE.get(f).toString(), out.toString(), Integer.toString(frame));
                EXPECTED.put(f + "#" + frame, Files.readAllBytes(out));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static Path script(String resource) throws Exception {
        return Path.of(RenderedExportTest.class.getResource(resource).toURI());
    }

    private static void run(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> script.getFileName() + " failed: " + log);
    }

    private static int frames(String file) {
        return FRAMES.getOrDefault(file, 1);
    }

    private static Operation export(String prefix, String mimeType) throws Exception {
        return fx.awaitDone(fx.stores().export(store, new ExportDicomDataRequest().setGcsDestination(
                new GoogleCloudHealthcareV1DicomGcsDestination().setUriPrefix(prefix).setMimeType(mimeType)))
                .execute());
    }

    private static List<String> objectNames(String prefix) {
        List<String> names = new ArrayList<>();
        for (Blob b : fx.storage.list("out", Storage.BlobListOption.prefix(prefix)).iterateAll()) {
            names.add(b.getName());
        }
        names.sort(null);
        return names;
    }

    /** The API reference's naming: {prefix}/{study}/{series}/{instance}[/{frame}].{extension}, frames from 1. */
    private static String objectName(String folder, String file, int frame, String extension) {
        String instance = folder + "/" + PATH.get(file);
        return (frames(file) == 1 ? instance : instance + "/" + (frame + 1)) + extension;
    }

    private static List<String> expectedNames(String folder, String extension) {
        List<String> names = new ArrayList<>();
        for (String f : RENDERED) {
            for (int frame = 0; frame < frames(f); frame++) {
                names.add(objectName(folder, f, frame, extension));
            }
        }
        names.sort(null);
        return names;
    }

    /** How far a decoded object is from pydicom's rendering of the frame: {largest, mean} sample difference. */
    private static double[] difference(String file, int frame, BufferedImage img) {
        byte[] want = EXPECTED.get(file + "#" + frame);
        boolean rgb = want.length == img.getWidth() * img.getHeight() * 3;
        int w = img.getWidth();
        int worst = 0;
        long sum = 0;
        for (int i = 0; i < want.length; i++) {
            int got;
            if (rgb) {
                int pixel = i / 3;
                got = img.getRGB(pixel % w, pixel / w) >> (8 * (2 - i % 3)) & 0xff;
            } else {
                got = img.getRaster().getSample(i % w, i / w, 0);
            }
            int d = Math.abs(got - (want[i] & 0xff));
            worst = Math.max(worst, d);
            sum += d;
        }
        return new double[] {worst, (double) sum / want.length};
    }

    private static BufferedImage decode(String folder, String file, int frame, String extension, String contentType)
            throws IOException {
        Blob blob = fx.storage.get("out", objectName(folder, file, frame, extension));
        assertNotNull(blob, () -> file + " frame " + frame + " not exported");
        assertEquals(contentType, blob.getContentType());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(blob.getContent()));
        assertNotNull(img, () -> file + " frame " + frame + " is not a readable " + contentType);
        assertEquals(SIZE.get(file), img.getWidth() + "x" + img.getHeight(), file);
        return img;
    }

    @Test
    void pngExportWritesEachFrameAsPydicomRendersIt() throws Exception {
        Operation op = export("gs://out/png/", "image/png");
        assertEquals(0, errorCode(op), () -> "failed: " + op.getError());
        assertEquals("type.googleapis.com/google.cloud.healthcare.v1.dicom.ExportDicomDataResponse",
                op.getResponse().get("@type"));
        assertEquals(3, counter(op, "success"));
        assertEquals(3, counter(op, "failure"), "no pixel data, JPEG 2000 and the broken JPEG");
        assertEquals(expectedNames("png", ".png"), objectNames("png/"));
        for (String f : RENDERED) {
            for (int frame = 0; frame < frames(f); frame++) {
                BufferedImage img = decode("png", f, frame, ".png", "image/png");
                double[] d = difference(f, frame, img);
                assertTrue(d[0] <= 1, f + " frame " + frame + ": largest difference to pydicom " + d[0]);
            }
        }
    }

    @Test
    void jpegExportWritesEachFrameAsALossyCopyOfPydicomsRendering() throws Exception {
        Operation op = export("gs://out/jpeg", "image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50");
        assertEquals(0, errorCode(op), () -> "failed: " + op.getError());
        assertEquals(3, counter(op, "success"));
        assertEquals(3, counter(op, "failure"));
        assertEquals(expectedNames("jpeg", ".jpg"), objectNames("jpeg/"));
        for (String f : RENDERED) {
            for (int frame = 0; frame < frames(f); frame++) {
                BufferedImage img = decode("jpeg", f, frame, ".jpg", "image/jpeg");
                double[] d = difference(f, frame, img);
                // JPEG is lossy: close on average (a neighbouring frame or an unwindowed image is far off)
                // (a 3x3 colour image loses most to chroma subsampling; PNG checks its exact values)
                double allowed = f.equals("SC_rgb_small_odd.dcm") ? 40 : 5;
                assertTrue(d[1] <= allowed, f + " frame " + frame + ": mean difference to pydicom " + d[1]);
            }
        }
        // the multi-frame's frames are distinct images, each in its own object
        double[] crossed = difference("multiframe.dcm", 1, decode("jpeg", "multiframe.dcm", 0, ".jpg", "image/jpeg"));
        assertTrue(crossed[1] > 10, "frame 1 looks like frame 2: " + crossed[1]);
    }

    @Test
    void bareImageJpegIsConsumerJpegAndOtherRenderedVariantsAreRefused() throws Exception {
        Operation op = export("gs://out/bare", "image/jpeg");
        assertEquals(3, counter(op, "success"));
        assertEquals(expectedNames("bare", ".jpg"), objectNames("bare/"));
        for (String mimeType : List.of("image/png; transfer-syntax=1.2.840.10008.1.2.1",
                "image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.91", "image/jpeg; transfer-syntax=*", "image/gif")) {
            fails(400, fx.stores().export(store, new ExportDicomDataRequest().setGcsDestination(
                    new GoogleCloudHealthcareV1DicomGcsDestination().setUriPrefix("gs://out/refused")
                            .setMimeType(mimeType))));
        }
        assertTrue(objectNames("refused").isEmpty());
    }

    @Test
    void anInstanceThatFailsOnALaterFrameLeavesNoObjectAndSaysWhy() throws Exception {
        Operation op = export("gs://out/partial", "image/png");
        assertEquals(3, counter(op, "failure"));
        for (String f : UNRENDERABLE) {
            assertEquals(List.of(), objectNames("partial/" + PATH.get(f)), f + " left objects behind");
        }
        // the reasons the export logs for each failed instance
        RenderingException j2k = assertThrows(RenderingException.class, () -> renderer("JPEG2000.dcm"));
        assertTrue(j2k.unsupported());
        assertTrue(j2k.getMessage().contains("1.2.840.10008.1.2.4.91"), j2k.getMessage());
        FrameRenderer broken = renderer("broken_jpeg.dcm");
        assertEquals(100, broken.render(1).getWidth(), "the first frame renders");
        RenderingException second = assertThrows(RenderingException.class, () -> broken.render(2));
        assertTrue(!second.unsupported() && second.getMessage().contains("frame 2"), second.getMessage());
        assertEquals(null, fx.storeStorage(store).find(key("rtplan.dcm")).orElseThrow().pixels(), "no pixel data");
    }

    private static InstanceKey key(String file) {
        String[] uids = PATH.get(file).split("/");
        return new InstanceKey(uids[0], uids[1], uids[2]);
    }

    private static FrameRenderer renderer(String file) throws Exception {
        DicomStoreStorage storage = fx.storeStorage(store);
        PixelLayout px = PixelLayout.fromJson(storage.find(key(file)).orElseThrow().pixels());
        return FrameRenderer.open(storage.file(key(file)), px);
    }
}
