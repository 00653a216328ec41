package org.dicompipe.camel.dicomstore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

/** Test-side multipart parsing with Jetty's MIME parser, so the component's own writer is not checked by itself. */
final class PartsOf {

    private PartsOf() {
    }

    static List<byte[]> multipart(byte[] body, String contentType) throws IOException {
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null) {
            throw new AssertionError("no boundary in " + contentType);
        }
        List<byte[]> parts = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        boolean[] complete = new boolean[1];
        MultiPart.Parser parser = new MultiPart.Parser(boundary, new MultiPart.Parser.Listener() {
            private ByteArrayOutputStream current;

            @Override
            public void onPartBegin() {
                current = new ByteArrayOutputStream();
            }

            @Override
            public void onPartContent(Content.Chunk chunk) {
                ByteBuffer b = chunk.getByteBuffer().slice();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                current.writeBytes(bytes);
            }

            @Override
            public void onPartEnd() {
                parts.add(current.toByteArray());
            }

            @Override
            public void onComplete() {
                complete[0] = true;
            }

            @Override
            public void onFailure(Throwable failure) {
                failures.add(failure);
            }
        });
        parser.parse(Content.Chunk.from(ByteBuffer.wrap(body), true));
        if (!failures.isEmpty()) {
            throw new IOException("malformed multipart body", failures.get(0));
        }
        if (!complete[0]) {
            throw new AssertionError("multipart body has no closing boundary");
        }
        return parts;
    }
}
