package org.dicompipe.emulator.dicomweb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.dicompipe.codec.BulkDataSource;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.DicomWriter;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.UID;

/**
 * Re-encodes stored instances between the uncompressed transfer syntaxes, which is all this emulator transcodes.
 * Large values are copied from the stored file while writing, so memory does not depend on the instance's size;
 * a deflated source has no byte ranges to copy from and is read whole, so it is limited in size.
 */
final class Transcoder {

    private static final Set<String> NATIVE = Set.of(UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian,
            UID.ExplicitVRBigEndian, UID.DeflatedExplicitVRLittleEndian);
    private static final long MAX_DEFLATED_BYTES = 64L * 1024 * 1024;

    private Transcoder() {
    }

    /** Whether an instance stored in {@code from} can be served in {@code to}. */
    static boolean canTranscode(String from, String to) {
        return NATIVE.contains(from) && NATIVE.contains(to) && !UID.DeflatedExplicitVRLittleEndian.equals(to);
    }

    static void write(Path file, String to, OutputStream out) throws IOException {
        DicomFile src;
        BulkDataSource bulk;
        if (DicomReader.read(file, ReadOptions.defaults().stopBeforePixelData()).transferSyntaxUid()
                .equals(UID.DeflatedExplicitVRLittleEndian)) {
            if (Files.size(file) > MAX_DEFLATED_BYTES) {
                throw WadoHandler.notAcceptable("a deflated instance this large can only be retrieved as stored"
                        + " (transfer-syntax=*)");
            }
            src = DicomReader.read(file, ReadOptions.defaults());
            bulk = BulkDataSource.NONE;
        } else {
            src = DicomReader.read(file, ReadOptions.defaults().withBulkDataThreshold(64 * 1024));
            bulk = BulkDataSource.of(file);
        }
        DicomFile target = new DicomFile(DicomWriter.fileMetaFor(src.fileMeta(), src.dataset(), to), src.dataset(), to, 0);
        DicomWriter.write(target, out, bulk);
    }
}
