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
 * {@code json FILE...}: the DICOM JSON of each file (one per line), values over 1 KiB as BulkDataURI
 * {@code file:///abs/path?offset=O&length=L} (the byte range of the value in FILE; values inside deflated data have
 * no byte range in the file and are inlined).
 * {@code dump FILE...}: a dcmdump-like listing. Exit 0 on success, 2 if any file fails to parse (the message
 * goes to stderr and the other files are still processed), 1 on bad usage.
 */
public final class CodecCli {
    static final int BULK_THRESHOLD = 1024;

    private CodecCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, utf8(System.out), utf8(System.err)));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !(args[0].equals("json") || args[0].equals("dump"))) {
            err.println("usage: dicom-codec json FILE... | dump FILE...");
            return 1;
        }
        int status = 0;
        for (int i = 1; i < args.length; i++) {
            if (args.length > 2 && args[0].equals("dump")) {
                out.println("# dicom-codec (" + i + "/" + (args.length - 1) + "): " + args[i]);
            }
            status = Math.max(status, one(args[0], Path.of(args[i]), out, err));
        }
        out.flush();
        return status;
    }

    /** With several files, json prints one JSON object per line. */
    private static int one(String command, Path file, PrintStream out, PrintStream err) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString());
            }
            ReadOptions opts = ReadOptions.defaults().withBulkDataThreshold(BULK_THRESHOLD);
            DicomFile f = DicomReader.read(file, opts);
            if (command.equals("json")) {
                out.println(DicomJson.toJson(f.dataset(),
                        new JsonOptions(BULK_THRESHOLD, BulkDataUriBuilder.fileRanges(file))));
            } else {
                out.print(DumpFormatter.format(f));
            }
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
