package org.dicompipe.emulator.rendering;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** The consumer image formats a rendered frame is written in, with the media type and file extension of each. */
public enum RenderedFormat {

    /** JPEG baseline (8-bit, Huffman), what PS3.18 8.7.4 asks of rendered image/jpeg. */
    JPEG("image/jpeg", "jpeg", ".jpg"),
    PNG("image/png", "png", ".png");

    private final String mediaType;
    private final String imageIoName;
    private final String extension;

    RenderedFormat(String mediaType, String imageIoName, String extension) {
        this.mediaType = mediaType;
        this.imageIoName = imageIoName;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The object name extension Cloud Healthcare's export gives files of this type. */
    public String extension() {
        return extension;
    }

    /**
     * Writes the image to {@code out} (which stays open). The encoder buffers in memory: ImageIO.write to a stream
     * would otherwise stage every image in a file in java.io.tmpdir.
     */
    public void encode(BufferedImage image, OutputStream out) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(imageIoName);
        if (!writers.hasNext()) {
            throw new IOException("no " + mediaType + " writer in this Java runtime");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(image);
        } finally {
            writer.dispose();
        }
    }
}
