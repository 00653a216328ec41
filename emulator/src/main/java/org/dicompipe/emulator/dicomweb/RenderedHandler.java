package org.dicompipe.emulator.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import javax.imageio.ImageIO;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.Tags;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.PixelLayout;
import org.dicompipe.emulator.storage.StoredInstance;

/**
 * retrieveRendered for an instance (its first frame) or one frame: image/jpeg (default) or image/png, scaled to the
 * {@code viewport}. Grey values go through the Modality LUT (rescale) and the first window of the instance, or the
 * frame's own minimum and maximum when it has none. Native 8/16-bit greyscale and 8-bit colour are rendered, and
 * JPEG Baseline frames are decoded; other encodings are refused with a clear error.
 */
final class RenderedHandler {

    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    private static final int MAX_VIEWPORT = 4096;

    private RenderedHandler() {
    }

    static void render(DicomStoreStorage storage, InstanceKey key, int[] frames, HttpServletRequest req,
            HttpServletResponse resp) throws IOException {
        StoredInstance si = storage.find(key).orElseThrow(() -> GoogleError.notFound("instance not found: " + key.instance()));
        PixelLayout px = WadoHandler.pixels(si);
        if (frames != null && frames.length != 1) {
            throw GoogleError.invalidArgument("rendered frames take exactly one frame number");
        }
        int frame = frames == null ? 1 : frames[0];
        WadoHandler.requireFrames(px, new int[] {frame});
        String format = format(req.getHeader("Accept"));
        int[] viewport = viewport(req.getParameter("viewport"));

        Path file = storage.file(key);
        BufferedImage image;
        if (px.encapsulated()) {
            if (!JPEG_BASELINE.equals(px.transferSyntaxUid())) {
                throw WadoHandler.notAcceptable("rendering frames stored in transfer syntax " + px.transferSyntaxUid()
                        + " is not supported by this emulator (only native pixel data and JPEG Baseline)");
            }
            image = ImageIO.read(new ByteArrayInputStream(readFrame(file, px, frame)));
            if (image == null) {
                throw GoogleError.failedPrecondition("the JPEG frame cannot be decoded");
            }
        } else {
            Attributes header = DicomReader.read(file, ReadOptions.defaults().stopBeforePixelData()).dataset();
            image = renderNative(px, header, readFrame(file, px, frame));
        }
        if (viewport != null) {
            image = scale(image, viewport[0], viewport[1]);
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format.equals("image/png") ? "png" : "jpeg", encoded)) {
            throw GoogleError.internal("no image writer for " + format);
        }
        resp.setStatus(200);
        resp.setContentType(format);
        resp.setContentLength(encoded.size());
        try (OutputStream out = resp.getOutputStream()) {
            encoded.writeTo(out);
        }
    }

    private static String format(String acceptHeader) {
        List<MediaType> accept = MediaType.parseAccept(acceptHeader);
        if (accept.isEmpty()) {
            return "image/jpeg";
        }
        for (MediaType m : accept) {
            if (m.is("image/jpeg") || m.isWildcard() || m.is("image/*")) {
                return "image/jpeg";
            }
            if (m.is("image/png")) {
                return "image/png";
            }
        }
        throw WadoHandler.notAcceptable("rendered images are available as image/jpeg or image/png");
    }

    private static int[] viewport(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String[] p = v.split(",");
        try {
            int w = Integer.parseInt(p[0].trim());
            int h = p.length > 1 ? Integer.parseInt(p[1].trim()) : w;
            if (w < 1 || h < 1 || w > MAX_VIEWPORT || h > MAX_VIEWPORT || p.length > 2) {
                throw new NumberFormatException();
            }
            return new int[] {w, h};
        } catch (NumberFormatException e) {
            throw GoogleError.invalidArgument("viewport must be \"width,height\" between 1 and " + MAX_VIEWPORT);
        }
    }

    private static byte[] readFrame(Path file, PixelLayout px, int frame) throws IOException {
        List<long[]> ranges = WadoHandler.frameRanges(px, frame);
        long total = 0;
        for (long[] r : ranges) {
            total += r[1];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw GoogleError.failedPrecondition("the frame is too large to render");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long[] r : ranges) {
                long pos = r[0];
                int end = buf.position() + (int) r[1];
                buf.limit(end);
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos);
                    if (n < 0) {
                        throw new IOException("instance file is shorter than its index says");
                    }
                    pos += n;
                }
            }
        }
        return buf.array();
    }

    private static BufferedImage renderNative(PixelLayout px, Attributes header, byte[] data) {
        int w = px.columns();
        int h = px.rows();
        String pi = px.photometricInterpretation() == null ? "" : px.photometricInterpretation().trim();
        if (px.samplesPerPixel() == 1 && (px.bitsAllocated() == 8 || px.bitsAllocated() == 16)) {
            return renderGrey(px, header, data, w, h, pi.equals("MONOCHROME1"));
        }
        if (px.samplesPerPixel() == 3 && px.bitsAllocated() == 8 && (pi.equals("RGB") || pi.equals("YBR_FULL"))) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int n = w * h;
            boolean planar = px.planarConfiguration() == 1;
            for (int i = 0; i < n; i++) {
                int a = data[planar ? i : 3 * i] & 0xff;
                int b = data[planar ? n + i : 3 * i + 1] & 0xff;
                int c = data[planar ? 2 * n + i : 3 * i + 2] & 0xff;
                int rgb = pi.equals("RGB") ? (a << 16) | (b << 8) | c : ybrToRgb(a, b, c);
                img.setRGB(i % w, i / w, rgb);
            }
            return img;
        }
        throw WadoHandler.notAcceptable("rendering " + px.samplesPerPixel() + " sample(s) of " + px.bitsAllocated()
                + " bits (" + pi + ") is not supported by this emulator");
    }

    private static BufferedImage renderGrey(PixelLayout px, Attributes header, byte[] data, int w, int h,
            boolean invert) {
        int n = w * h;
        double[] v = new double[n];
        ByteBuffer bb = ByteBuffer.wrap(data).order(px.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean signed = px.pixelRepresentation() == 1;
        int bitsStored = px.bitsStored() > 0 ? px.bitsStored() : px.bitsAllocated();
        double slope = header.getDouble(Tags.RescaleSlope, 1);
        double intercept = header.getDouble(0x00281052, 0);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int raw;
            if (px.bitsAllocated() == 8) {
                raw = data[i] & 0xff;
            } else {
                raw = bb.getShort(2 * i) & 0xffff;
            }
            int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
            raw &= mask;
            if (signed && bitsStored < 32 && (raw & (1 << (bitsStored - 1))) != 0) {
                raw -= 1 << bitsStored;
            }
            double m = raw * slope + intercept;
            v[i] = m;
            min = Math.min(min, m);
            max = Math.max(max, m);
        }
        double center = header.getDouble(Tags.WindowCenter, Double.NaN);
        double width = header.getDouble(0x00281051, Double.NaN);
        double low;
        double high;
        if (!Double.isNaN(center) && !Double.isNaN(width) && width >= 1) {
            // PS3.3 C.11.2.1.2.1 linear window
            low = center - 0.5 - (width - 1) / 2;
            high = center - 0.5 + (width - 1) / 2;
        } else {
            low = min;
            high = max;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        double range = high - low;
        for (int i = 0; i < n; i++) {
            int g;
            if (v[i] <= low) {
                g = 0;
            } else if (v[i] > high || range <= 0) {
                g = 255;
            } else {
                g = (int) Math.round((v[i] - low) / range * 255);
            }
            out[i] = (byte) (invert ? 255 - g : g);
        }
        return img;
    }

    private static int ybrToRgb(int y, int cb, int cr) {
        int r = clamp(y + 1.402 * (cr - 128));
        int g = clamp(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
        int b = clamp(y + 1.772 * (cb - 128));
        return (r << 16) | (g << 8) | b;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Fits the image into the viewport keeping its aspect ratio. */
    private static BufferedImage scale(BufferedImage src, int vw, int vh) {
        double f = Math.min((double) vw / src.getWidth(), (double) vh / src.getHeight());
        int w = Math.max(1, (int) Math.round(src.getWidth() * f));
        int h = Math.max(1, (int) Math.round(src.getHeight() * f));
        int type = src.getType() == BufferedImage.TYPE_BYTE_GRAY ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        BufferedImage dst = new BufferedImage(w, h, type);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return dst;
    }
}
