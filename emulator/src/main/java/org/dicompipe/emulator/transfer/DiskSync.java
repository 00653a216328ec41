package org.dicompipe.emulator.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the files a bulk operation (import, deidentify) wrote durable in one go. Forcing each instance file and its
 * folder as it is stored costs two disk flushes per instance, which bounds an operation to a few dozen instances per
 * second on ordinary disks; a bulk operation instead renames its files into place unforced (safe against a process
 * crash) and flushes the file system once at the end with {@code sync -f} (syncfs(2)), falling back to forcing each
 * file. The operation reports done only after that.
 */
public final class DiskSync {

    private static final Logger LOG = LoggerFactory.getLogger(DiskSync.class);

    private DiskSync() {
    }

    /** @param anyPath a path on the file system to sync; @param files what to force one by one if that fails */
    public static void sync(Path anyPath, Collection<Path> files) throws InterruptedException {
        if (files.isEmpty() || syncFileSystem(anyPath)) {
            return;
        }
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.force(true);
            } catch (IOException e) {
                LOG.warn("cannot force a stored file to disk: {}", e.toString());
            }
        }
    }

    private static boolean syncFileSystem(Path dir) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("sync", "-f", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroy();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
