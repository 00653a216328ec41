package org.dicompipe.emulator.rendering;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.dicompipe.codec.Attributes;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.UID;
import org.dicompipe.emulator.storage.PixelLayout;

/**
 * Renders the frames of one stored instance to 8-bit images, as retrieveRendered and the rendered exports need them.
 * Native 8/16-bit greyscale and 8-bit RGB / YBR_FULL are rendered (see {@link NativeImage}); JPEG Baseline frames
 * are decoded with javax.imageio. Whether the instance can be rendered at all is decided by {@link #open}, before
 * any frame is read, so a caller can refuse an instance without having produced part of it.
 */
public final class FrameRenderer {

    private final Path file;
    private final PixelLayout px;
    /** The instance's header without its pixel data; null for encapsulated frames, which carry their own. */
    private final Attributes header;

    private FrameRenderer(Path file, PixelLayout px, Attributes header) {
        this.file = file;
        this.px = px;
        this.header = header;
    }

    /**
     * @param file the stored instance
     * @param px   its pixel layout, from the instance index
     * @throws RenderingException when the encoding or sample layout is not rendered here, or the pixel data is
     *                            shorter than the header announces
     */
    public static FrameRenderer open(Path file, PixelLayout px) throws IOException, RenderingException {
        if (px.encapsulated()) {
            if (!UID.JPEGBaseline8Bit.equals(px.transferSyntaxUid())) {
                throw RenderingException.unsupported("rendering frames stored in transfer syntax "
                        + px.transferSyntaxUid() + " is not supported by this emulator (only native pixel data and "
                        + "JPEG Baseline)");
            }
            return new FrameRenderer(file, px, null);
        }
        if (px.frameLength() <= 0) {
            throw RenderingException.unreadable("the instance's pixel data is shorter than its Rows, Columns, "
                    + "BitsAllocated and NumberOfFrames announce");
        }
        NativeImage.requireSupported(px);
        Attributes header = DicomReader.read(file, ReadOptions.defaults().stopBeforePixelData()).dataset();
        return new FrameRenderer(file, px, header);
    }

    public int frames() {
        return px.frames();
    }

    /** Frame {@code frame} (1-based) as an 8-bit image: grey or RGB for native pixel data, JPEG frames as decoded. */
    public BufferedImage render(int frame) throws IOException, RenderingException {
        if (frame < 1 || frame > px.frames()) {
            throw new IllegalArgumentException("frame " + frame + " of " + px.frames());
        }
        byte[] data = FrameBytes.read(file, px, frame);
        if (header != null) {
            return NativeImage.render(px, header, data);
        }
        BufferedImage image;
        try {
            // a memory cache: ImageIO.read of a plain stream would stage the frame in a file in java.io.tmpdir
            image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(data)));
        } catch (IOException e) {
            throw RenderingException.unreadable("JPEG frame " + frame + " cannot be decoded: " + e.getMessage());
        }
        if (image == null) {
            throw RenderingException.unreadable("JPEG frame " + frame + " cannot be decoded");
        }
        return image;
    }
}
