package org.dicompipe.emulator.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DicomStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.Tags;
import org.dicompipe.codec.UID;
import org.dicompipe.codec.VR;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-frame instance several times larger than the emulator's heap is stored and retrieved: the emulator runs in
 * its own JVM with -Xmx64m and gets a ~300 MB instance, so neither the STOW body nor the WADO response can have been
 * held in memory. (Smaller-scale stand-in for the 1 GB / -Xmx256m goal, to keep the suite fast.)
 */
class StreamingTest {

    private static final int ROWS = 512;
    private static final int COLUMNS = 512;
    private static final int FRAMES = 600;
    private static final int FRAME_BYTES = ROWS * COLUMNS * 2;
    private static final String STUDY = "1.2.826.0.1.3680043.55.1";
    private static final String SERIES = STUDY + ".1";
    private static final String SOP = STUDY + ".1.1";

    @TempDir
    Path tmp;

    @Test
    void instanceLargerThanTheHeapIsStoredAndRetrievedStreaming() throws Exception {
        Path file = tmp.resolve("big.dcm");
        String sha = writeMultiFrame(file);
        assertTrue(Files.size(file) > 300_000_000L);
        HttpClient http = HttpClient.newHttpClient();
        try (EmulatorProcess emulator = EmulatorProcess.start(tmp.resolve("data"), "64m")) {
            CloudHealthcare client = new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                    req -> { }).setRootUrl(emulator.baseUrl).setApplicationName("streaming-test").build();
            client.projects().locations().datasets().create("projects/p/locations/l", new Dataset()).setDatasetId("d").execute();
            client.projects().locations().datasets().dicomStores().create("projects/p/locations/l/datasets/d",
                    new DicomStore()).setDicomStoreId("s").execute();
            String dw = emulator.baseUrl + "v1/projects/p/locations/l/datasets/d/dicomStores/s/dicomWeb";

            HttpResponse<String> stow = http.send(HttpRequest.newBuilder(URI.create(dw + "/studies"))
                    .header("Content-Type", "application/dicom").header("Accept", "application/dicom+json")
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stow.statusCode(), stow.body() + "\n" + emulator.output());

            String instance = dw + "/studies/" + STUDY + "/series/" + SERIES + "/instances/" + SOP;
            HttpResponse<InputStream> whole = http.send(HttpRequest.newBuilder(URI.create(instance))
                    .header("Accept", "application/dicom; transfer-syntax=*").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, whole.statusCode());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(whole.body(), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            assertEquals(sha, HexFormat.of().formatHex(digest.digest()), "retrieved instance equals what was stored");

            for (int f : new int[] {1, 300, FRAMES}) {
                HttpResponse<byte[]> frame = http.send(HttpRequest.newBuilder(URI.create(instance + "/frames/" + f))
                        .header("Accept", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*")
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, frame.statusCode());
                byte[] got = DicomWebTestServer.parts(frame).get(0);
                assertTrue(Arrays.equals(frame(f - 1), got), "frame " + f);
            }
            assertTrue(emulator.process.isAlive(), "the emulator did not run out of memory:\n" + emulator.output());
            assertTrue(!emulator.output().contains("OutOfMemoryError"), emulator.output());
        }
    }

    /** Frame k: 16-bit values (k * 7 + i) mod 65536, so frames differ from each other and from their neighbours. */
    private static byte[] frame(int k) {
        ByteBuffer b = ByteBuffer.allocate(FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ROWS * COLUMNS; i++) {
            b.putShort((short) (k * 7 + i));
        }
        return b.array();
    }

    /** The header through the codec, then Pixel Data written frame by frame (never the whole value in memory). */
    private static String writeMultiFrame(Path file) throws Exception {
        Attributes ds = new Attributes();
        ds.setString(Tags.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7.3");
        ds.setString(Tags.SOPInstanceUID, VR.UI, SOP);
        ds.setString(Tags.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tags.SeriesInstanceUID, VR.UI, SERIES);
        ds.setString(Tags.Modality, VR.CS, "OT");
        ds.setString(Tags.PatientName, VR.PN, "Streaming^Test");
        ds.setInt(Tags.SamplesPerPixel, VR.US, 1);
        ds.setString(Tags.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setString(Tags.NumberOfFrames, VR.IS, Integer.toString(FRAMES));
        ds.setInt(Tags.Rows, VR.US, ROWS);
        ds.setInt(Tags.Columns, VR.US, COLUMNS);
        ds.setInt(Tags.BitsAllocated, VR.US, 16);
        ds.setInt(Tags.BitsStored, VR.US, 16);
        ds.setInt(0x00280102, VR.US, 15);
        ds.setInt(Tags.PixelRepresentation, VR.US, 0);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DicomWriter.write(ds, UID.ExplicitVRLittleEndian, header);
            header.writeTo(out);
            long length = (long) FRAME_BYTES * FRAMES;
            ByteBuffer pd = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            pd.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'W').putShort((short) 0)
                    .putInt((int) length);
            out.write(pd.array());
            for (int k = 0; k < FRAMES; k++) {
                out.write(frame(k));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
