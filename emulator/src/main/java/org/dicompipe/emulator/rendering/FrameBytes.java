package org.dicompipe.emulator.rendering;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.dicompipe.emulator.storage.PixelLayout;

/** The bytes of one frame, read from the stored file by the ranges its {@link PixelLayout} records. */
public final class FrameBytes {

    private FrameBytes() {
    }

    /** The {offset, length} ranges in the file that make up frame {@code frame} (1-based). */
    public static List<long[]> ranges(PixelLayout px, int frame) {
        if (px.encapsulated()) {
            return px.fragments().get(frame - 1);
        }
        return List.of(new long[] {px.offset() + (frame - 1) * px.frameLength(), px.frameLength()});
    }

    /** The frame's bytes: native pixel data as stored, or the concatenated fragments of an encapsulated frame. */
    static byte[] read(Path file, PixelLayout px, int frame) throws IOException, RenderingException {
        List<long[]> ranges = ranges(px, frame);
        long total = 0;
        for (long[] r : ranges) {
            total += r[1];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw RenderingException.unsupported("frame " + frame + " is too large to render");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long[] r : ranges) {
                long pos = r[0];
                buf.limit(buf.position() + (int) r[1]);
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
}
