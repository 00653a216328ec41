package org.dicompipe.emulator.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.rendering.FrameRenderer;
import org.dicompipe.emulator.rendering.RenderedFormat;
import org.dicompipe.emulator.rendering.RenderingException;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.InstanceKey;
import org.dicompipe.emulator.storage.PixelLayout;
import org.dicompipe.emulator.storage.StoredInstance;

/**
 * retrieveRendered for an instance (its first frame) or one frame: image/jpeg (default) or image/png, scaled to the
 * {@code viewport}. The frame is rendered by {@link FrameRenderer}; an encoding it does not render is
 * {@code 406} naming it.
 */
final class RenderedHandler {

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
        RenderedFormat format = format(req.getHeader("Accept"));
        int[] viewport = viewport(req.getParameter("viewport"));

        BufferedImage image;
        try {
            image = FrameRenderer.open(storage.file(key), px).render(frame);
        } catch (RenderingException e) {
            throw e.unsupported() ? WadoHandler.notAcceptable(e.getMessage())
                    : GoogleError.failedPrecondition(e.getMessage());
        }
        if (viewport != null) {
            image = scale(image, viewport[0], viewport[1]);
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        format.encode(image, encoded);
        resp.setStatus(200);
        resp.setContentType(format.mediaType());
        resp.setContentLength(encoded.size());
        try (OutputStream out = resp.getOutputStream()) {
            encoded.writeTo(out);
        }
    }

    private static RenderedFormat format(String acceptHeader) {
        List<MediaType> accept = MediaType.parseAccept(acceptHeader);
        if (accept.isEmpty()) {
            return RenderedFormat.JPEG;
        }
        for (MediaType m : accept) {
            if (m.is("image/jpeg") || m.isWildcard() || m.is("image/*")) {
                return RenderedFormat.JPEG;
            }
            if (m.is("image/png")) {
                return RenderedFormat.PNG;
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
