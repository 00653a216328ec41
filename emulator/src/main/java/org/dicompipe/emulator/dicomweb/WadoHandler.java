package org.dicompipe.emulator.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.dicompipe.codec.BulkDataRef;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.rendering.FrameBytes;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.InstanceRecord;
import org.dicompipe.emulator.storage.PixelLayout;
import org.dicompipe.emulator.storage.StoredInstance;

/**
 * WADO-RS: instances (study, series, instance), metadata, frames and bulk data, streamed from the stored files. The
 * stored bytes are returned unchanged; a transfer syntax other than the stored one is refused with 406 because this
 * emulator does not transcode.
 */
final class WadoHandler {

    private static final int COPY_BUFFER = 64 * 1024;
    private static final int METADATA_PAGE = 200;

    private WadoHandler() {
    }

    // ------------------------------------------------------------------------------------------ instances

    static void retrieve(DicomStoreStorage storage, String study, String series, String instance,
            HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<StoredInstance> instances = instances(storage, study, series, instance);
        List<MediaType> accept = MediaType.parseAccept(req.getHeader("Accept"));
        boolean single = false;
        String requestedTs = null;
        boolean acceptable = accept.isEmpty();
        for (MediaType m : accept) {
            if (m.isWildcard() || m.is("multipart/related") && isTypeOrAbsent(m, "application/dicom")) {
                acceptable = true;
                requestedTs = m.param("transfer-syntax");
                break;
            }
            if (instance != null && m.is("application/dicom")) {
                acceptable = true;
                single = true;
                requestedTs = m.param("transfer-syntax");
                break;
            }
        }
        if (!acceptable) {
            throw notAcceptable("instances are available as multipart/related; type=\"application/dicom\""
                    + (instance != null ? " or application/dicom" : ""));
        }
        String[] served = new String[instances.size()];
        for (int i = 0; i < served.length; i++) {
            served[i] = servedSyntax(requestedTs, instances.get(i).transferSyntaxUid());
        }
        if (single) {
            StoredInstance si = instances.get(0);
            resp.setStatus(200);
            resp.setContentType("application/dicom; transfer-syntax=" + served[0]);
            if (served[0].equals(si.transferSyntaxUid())) {
                resp.setContentLengthLong(si.size());
            }
            try (OutputStream out = resp.getOutputStream()) {
                copyInstance(storage, si, served[0], out);
            }
            return;
        }
        resp.setStatus(200);
        OutputStream out = resp.getOutputStream();
        MultipartWriter mp = new MultipartWriter(out);
        resp.setContentType(mp.contentType("application/dicom"));
        for (int i = 0; i < served.length; i++) {
            mp.startPart("application/dicom; transfer-syntax=" + served[i], null);
            copyInstance(storage, instances.get(i), served[i], out);
            mp.endPart();
        }
        mp.finish();
    }

    private static void copyInstance(DicomStoreStorage storage, StoredInstance si, String ts, OutputStream out)
            throws IOException {
        Path file = storage.file(si.key());
        if (ts.equals(si.transferSyntaxUid())) {
            Files.copy(file, out);
        } else {
            Transcoder.write(file, ts, out);
        }
    }

    /**
     * The transfer syntax an instance is sent in. As in the API, Explicit VR Little Endian is the default; "*" means
     * as stored. Uncompressed syntaxes are transcoded between each other; compressed instances are sent as stored
     * when no syntax was asked for (this emulator does not decompress), and anything else is refused with 406.
     */
    static String servedSyntax(String requested, String stored) {
        if ("*".equals(requested) || stored.equals(requested)) {
            return stored;
        }
        String wanted = requested == null ? TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN : requested;
        if (Transcoder.canTranscode(stored, wanted)) {
            return wanted;
        }
        if (requested == null) {
            return stored;
        }
        throw notAcceptable("the instance is stored in transfer syntax " + stored + " and transcoding to " + requested
                + " is not supported by this emulator; ask for transfer-syntax=* (or " + stored + ")");
    }

    private static boolean isTypeOrAbsent(MediaType m, String type) {
        String t = m.param("type");
        return t == null || t.equalsIgnoreCase(type);
    }

    static List<StoredInstance> instances(DicomStoreStorage storage, String study, String series, String instance)
            throws IOException {
        if (instance != null) {
            return List.of(storage.find(new InstanceKey(study, series, instance))
                    .orElseThrow(() -> GoogleError.notFound("instance not found: " + instance)));
        }
        List<StoredInstance> list = storage.index().list(study, series);
        if (list.isEmpty()) {
            throw GoogleError.notFound(series != null ? "series not found: " + series : "study not found: " + study);
        }
        return list;
    }

    // ------------------------------------------------------------------------------------------ metadata

    static void metadata(DicomStoreStorage storage, String study, String series, String instance, DicomWebUrls urls,
            HttpServletResponse resp) throws IOException {
        List<StoredInstance> first = instance != null ? instances(storage, study, series, instance)
                : storage.index().page(study, series, null, METADATA_PAGE);
        if (first.isEmpty()) {
            throw GoogleError.notFound(series != null ? "series not found: " + series : "study not found: " + study);
        }
        resp.setStatus(200);
        resp.setContentType("application/dicom+json; charset=utf-8");
        Writer w = new java.io.OutputStreamWriter(resp.getOutputStream(), StandardCharsets.UTF_8);
        w.write('[');
        boolean comma = false;
        List<StoredInstance> page = first;
        // Page by page, so that the metadata of a large study is never held all at once.
        while (!page.isEmpty()) {
            for (StoredInstance si : page) {
                if (comma) {
                    w.write(',');
                }
                comma = true;
                w.write(si.metadata().replace(InstanceRecord.INSTANCE_URL_PLACEHOLDER, urls.instance(si.key())));
            }
            if (instance != null || page.size() < METADATA_PAGE) {
                break;
            }
            page = storage.index().page(study, series, page.get(page.size() - 1).key(), METADATA_PAGE);
        }
        w.write(']');
        w.flush();
    }

    // ------------------------------------------------------------------------------------------ frames

    static void frames(DicomStoreStorage storage, InstanceKey key, int[] frames, HttpServletRequest req,
            HttpServletResponse resp) throws IOException {
        StoredInstance si = storage.find(key).orElseThrow(() -> GoogleError.notFound("instance not found: " + key.instance()));
        PixelLayout px = pixels(si);
        requireFrames(px, frames);
        String stored = px.transferSyntaxUid();
        String storedMediaType = TransferSyntaxes.frameMediaType(stored);
        List<MediaType> accept = MediaType.parseAccept(req.getHeader("Accept"));
        String partType = null;
        for (MediaType m : accept) {
            String type = m.is("multipart/related") ? m.param("type") : m.type();
            String ts = m.param("transfer-syntax");
            if (m.isWildcard() || type == null) {
                partType = storedMediaType;
                break;
            }
            if (type.equalsIgnoreCase("application/octet-stream")) {
                if (ts == null && !px.encapsulated() || "*".equals(ts) || stored.equals(ts)
                        || (!px.encapsulated() && TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN.equals(ts))) {
                    partType = "application/octet-stream";
                    break;
                }
            } else if (type.equalsIgnoreCase(storedMediaType) && (ts == null || "*".equals(ts) || stored.equals(ts))) {
                partType = storedMediaType;
                break;
            }
        }
        if (accept.isEmpty()) {
            partType = storedMediaType;
        }
        if (partType == null) {
            throw notAcceptable("the frames are stored in transfer syntax " + stored + " (" + storedMediaType
                    + ") and transcoding is not supported by this emulator; ask for multipart/related; type=\""
                    + storedMediaType + "\"; transfer-syntax=*");
        }
        // Native big endian pixel data is sent as little endian, the only native syntax frames are offered in.
        boolean swap = px.bigEndian() && px.bitsAllocated() == 16;
        String partTs = px.encapsulated() ? stored : TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = storage.file(key);
        resp.setStatus(200);
        OutputStream out = resp.getOutputStream();
        MultipartWriter mp = new MultipartWriter(out);
        resp.setContentType(mp.contentType(partType));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int f : frames) {
                mp.startPart(partType + "; transfer-syntax=" + partTs, null);
                for (long[] range : FrameBytes.ranges(px, f)) {
                    copyRange(ch, range[0], range[1], out, swap);
                }
                mp.endPart();
            }
        }
        mp.finish();
    }

    static PixelLayout pixels(StoredInstance si) {
        PixelLayout px = PixelLayout.fromJson(si.pixels());
        if (px == null) {
            throw GoogleError.notFound("the instance has no pixel data");
        }
        return px;
    }

    static void requireFrames(PixelLayout px, int[] frames) {
        if (!px.encapsulated() && px.frameLength() <= 0) {
            throw GoogleError.failedPrecondition("the instance's pixel data is shorter than its Rows, Columns, "
                    + "BitsAllocated and NumberOfFrames announce; frames cannot be served");
        }
        for (int f : frames) {
            if (f > px.frames()) {
                throw GoogleError.invalidArgument("frame " + f + " does not exist: the instance has " + px.frames()
                        + " frame(s)");
            }
        }
    }

    static void copyRange(FileChannel ch, long offset, long length, OutputStream out, boolean swap16)
            throws IOException {
        byte[] buf = new byte[COPY_BUFFER];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf);
        long pos = offset;
        long left = length;
        while (left > 0) {
            bb.clear();
            bb.limit((int) Math.min(buf.length, left));
            int n = ch.read(bb, pos);
            if (n < 0) {
                throw new IOException("instance file is shorter than its index says");
            }
            if (swap16) {
                for (int i = 0; i + 1 < n; i += 2) {
                    byte t = buf[i];
                    buf[i] = buf[i + 1];
                    buf[i + 1] = t;
                }
            }
            out.write(buf, 0, n);
            pos += n;
            left -= n;
        }
    }

    // ------------------------------------------------------------------------------------------ bulk data

    static void bulkdata(DicomStoreStorage storage, InstanceKey key, String path, HttpServletRequest req,
            HttpServletResponse resp) throws IOException {
        StoredInstance si = storage.find(key).orElseThrow(() -> GoogleError.notFound("instance not found: " + key.instance()));
        if (!path.matches("[0-9A-Fa-f]{8}(/[0-9A-Fa-f]{8})*/[0-9]+")) {
            throw GoogleError.notFound("no bulk data at " + path.replaceAll("[^\\x20-\\x7e]", "?"));
        }
        List<MediaType> accept = MediaType.parseAccept(req.getHeader("Accept"));
        boolean ok = accept.isEmpty();
        for (MediaType m : accept) {
            if (m.isWildcard() || m.is("application/octet-stream")
                    || m.is("multipart/related") && isTypeOrAbsent(m, "application/octet-stream")) {
                ok = true;
            }
        }
        if (!ok) {
            throw notAcceptable("bulk data is available as multipart/related; type=\"application/octet-stream\"");
        }
        List<long[]> ranges;
        BulkDataRef ref = storage.index().bulk(key, path.toUpperCase()).orElse(null);
        if (ref != null) {
            ranges = List.of(new long[] {ref.offset(), ref.length()});
        } else if (path.equalsIgnoreCase("7FE00010/0") && si.pixels() != null && pixels(si).encapsulated()) {
            ranges = new java.util.ArrayList<>();
            for (List<long[]> frame : pixels(si).fragments()) {
                ranges.addAll(frame);
            }
        } else {
            throw GoogleError.notFound("no bulk data at " + path);
        }
        resp.setStatus(200);
        OutputStream out = resp.getOutputStream();
        MultipartWriter mp = new MultipartWriter(out);
        resp.setContentType(mp.contentType("application/octet-stream"));
        try (FileChannel ch = FileChannel.open(storage.file(key), StandardOpenOption.READ)) {
            mp.startPart("application/octet-stream", null);
            for (long[] r : ranges) {
                copyRange(ch, r[0], r[1], out, false);
            }
            mp.endPart();
        }
        mp.finish();
    }

    static GoogleError notAcceptable(String message) {
        return new GoogleError(406, "FAILED_PRECONDITION", message);
    }
}
