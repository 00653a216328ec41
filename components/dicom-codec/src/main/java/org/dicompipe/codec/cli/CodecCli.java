package org.dicompipe.codec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.dicompipe.codec.DicomFile;
import org.dicompipe.codec.DicomParseException;
import org.dicompipe.codec.DicomReader;
import org.dicompipe.codec.ReadOptions;
import org.dicompipe.codec.json.BulkDataUriBuilder;
import org.dicompipe.codec.json.DicomJson;
import org.dicompipe.codec.json.JsonOptions;

/**
 * {@code json FILE}: the DICOM JSON of a file, values over 1 KiB as BulkDataURI
 * {@code file:///abs/path?offset=O&length=L} (the byte range of the value in FILE).
 * {@code dump FILE}: a dcmdump-like listing. Exit 0 on success, 2 on a parse error, 1 on bad usage.
 */
public final class CodecCli {
    static final int BULK_THRESHOLD = 1024;

    private CodecCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, utf8(System.out), utf8(System.err)));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !(args[0].equals("json") || args[0].equals("dump"))) {
            err.println("usage: dicom-codec json FILE | dump FILE");
            return 1;
        }
        Path file = Path.of(args[1]);
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(args[1]);
            }
            ReadOptions opts = ReadOptions.defaults().withBulkDataThreshold(BULK_THRESHOLD);
            DicomFile f = DicomReader.read(file, opts);
            if (args[0].equals("json")) {
                out.println(DicomJson.toJson(f.dataset(),
                        new JsonOptions(BULK_THRESHOLD, BulkDataUriBuilder.fileRanges(file))));
            } else {
                out.print(DumpFormatter.format(f));
            }
            out.flush();
            return 0;
        } catch (DicomParseException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e);
            return 2;
        }
    }

    static PrintStream utf8(PrintStream p) {
        return new PrintStream(p, true, StandardCharsets.UTF_8);
    }
}
