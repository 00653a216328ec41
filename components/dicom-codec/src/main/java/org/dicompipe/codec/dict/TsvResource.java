package org.dicompipe.codec.dict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Reads the generated dictionary resources: TAB-separated ASCII, '#' comment lines, a minimum number of fields. */
final class TsvResource {
    private TsvResource() {
    }

    static void forEachRow(String resource, int minFields, Consumer<String[]> row) {
        try (InputStream in = TsvResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("dictionary resource missing: " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < minFields) {
                    throw new IllegalStateException(resource + ":" + lineNo + ": expected " + minFields + " fields");
                }
                row.accept(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dictionary resource " + resource, e);
        }
    }
}
