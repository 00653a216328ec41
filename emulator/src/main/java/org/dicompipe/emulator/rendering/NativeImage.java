package org.dicompipe.emulator.rendering;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.Tags;
import org.dicompipe.emulator.storage.PixelLayout;

/**
 * Native (uncompressed) pixel data to an 8-bit image. Grey values go through the Modality LUT (rescale) and the
 * instance's first linear window, or the frame's own minimum and maximum when it has none; MONOCHROME1 is inverted.
 * 8-bit RGB is kept, 8-bit YBR_FULL converted to RGB.
 */
final class NativeImage {

    private static final int RESCALE_INTERCEPT = 0x00281052;
    private static final int WINDOW_WIDTH = 0x00281051;

    private NativeImage() {
    }

    static void requireSupported(PixelLayout px) throws RenderingException {
        String pi = photometric(px);
        boolean grey = px.samplesPerPixel() == 1 && (px.bitsAllocated() == 8 || px.bitsAllocated() == 16);
        boolean colour = px.samplesPerPixel() == 3 && px.bitsAllocated() == 8
                && (pi.equals("RGB") || pi.equals("YBR_FULL"));
        if (!grey && !colour) {
            throw RenderingException.unsupported("rendering " + px.samplesPerPixel() + " sample(s) of "
                    + px.bitsAllocated() + " bits (" + pi + ") is not supported by this emulator");
        }
    }

    static BufferedImage render(PixelLayout px, Attributes header, byte[] data) throws RenderingException {
        requireSupported(px);
        String pi = photometric(px);
        if (px.samplesPerPixel() == 1) {
            return grey(px, header, data, pi.equals("MONOCHROME1"));
        }
        return colour(px, data, pi.equals("RGB"));
    }

    private static String photometric(PixelLayout px) {
        return px.photometricInterpretation() == null ? "" : px.photometricInterpretation().trim();
    }

    private static BufferedImage colour(PixelLayout px, byte[] data, boolean rgb) {
        int w = px.columns();
        int h = px.rows();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int n = w * h;
        boolean planar = px.planarConfiguration() == 1;
        for (int i = 0; i < n; i++) {
            int a = data[planar ? i : 3 * i] & 0xff;
            int b = data[planar ? n + i : 3 * i + 1] & 0xff;
            int c = data[planar ? 2 * n + i : 3 * i + 2] & 0xff;
            img.setRGB(i % w, i / w, rgb ? (a << 16) | (b << 8) | c : ybrToRgb(a, b, c));
        }
        return img;
    }

    private static BufferedImage grey(PixelLayout px, Attributes header, byte[] data, boolean invert) {
        int w = px.columns();
        int h = px.rows();
        int n = w * h;
        double[] v = new double[n];
        ByteBuffer bb = ByteBuffer.wrap(data).order(px.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean signed = px.pixelRepresentation() == 1;
        int bitsStored = px.bitsStored() > 0 ? px.bitsStored() : px.bitsAllocated();
        int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
        double slope = header.getDouble(Tags.RescaleSlope, 1);
        double intercept = header.getDouble(RESCALE_INTERCEPT, 0);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int raw = (px.bitsAllocated() == 8 ? data[i] & 0xff : bb.getShort(2 * i) & 0xffff) & mask;
            if (signed && bitsStored < 32 && (raw & (1 << (bitsStored - 1))) != 0) {
                raw -= 1 << bitsStored;
            }
            double m = raw * slope + intercept;
            v[i] = m;
            min = Math.min(min, m);
            max = Math.max(max, m);
        }
        double center = header.getDouble(Tags.WindowCenter, Double.NaN);
        double width = header.getDouble(WINDOW_WIDTH, Double.NaN);
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
        byte[] out = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
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
}
