package org.dicompipe.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Gives the bytes of values that were not loaded when a file was read (see ReadOptions.withBulkDataThreshold). */
public interface BulkDataSource {
    InputStream open(BulkDataRef ref) throws IOException;

    /** Reads the ranges from a file; each call opens its own channel. */
    static BulkDataSource of(Path file) {
        return ref -> {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            try {
                if (ref.offset() + ref.length() > ch.size()) {
                    throw new IOException("bulk data range " + ref + " is beyond the end of " + file);
                }
                ch.position(ref.offset());
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return new BoundedInputStream(Channels.newInputStream(ch), ref.length());
        };
    }

    /** Rejects any request: for datasets that are known to have all values loaded. */
    BulkDataSource NONE = ref -> {
        throw new IOException("no bulk data source for " + ref);
    };
}
