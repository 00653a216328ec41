package org.dicompipe.emulator.healthcare;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.dicompipe.emulator.http.GoogleError;

/**
 * A request whose body may not exceed a limit. The declared Content-Length is checked up front by the servlet;
 * this counts what is actually streamed (chunked bodies have no length) and throws 413 as soon as it passes the
 * limit, so an oversized body is never read to the end.
 *
 * <p>Google's clients gzip request bodies by default ({@code Content-Encoding: gzip}); such a body is inflated
 * here, so handlers always read plain content. The limit then applies to the inflated bytes too, which keeps a
 * small compressed body from expanding without bound.
 */
final class LimitedRequest extends HttpServletRequestWrapper {

    private final long limit;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long limit) {
        super(request);
        this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            ServletInputStream wire = new Counting(super.getInputStream(), limit);
            stream = isGzip() ? new Counting(new Inflating(wire), limit) : wire;
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    private boolean isGzip() {
        String encoding = getHeader("Content-Encoding");
        return encoding != null && encoding.trim().equalsIgnoreCase("gzip");
    }

    /** The length of what handlers read: unknown when the wire body is compressed. */
    @Override
    public long getContentLengthLong() {
        return isGzip() ? -1 : super.getContentLengthLong();
    }

    @Override
    public int getContentLength() {
        return isGzip() ? -1 : super.getContentLength();
    }

    static GoogleError tooLarge(long limit) {
        return GoogleError.payloadTooLarge("Request payload size exceeds the limit: " + limit + " bytes.");
    }

    /** Blocking gzip inflation of the wire stream (servlet async reads are not offered on compressed bodies). */
    private static final class Inflating extends ServletInputStream {
        private final ServletInputStream wire;
        private java.util.zip.GZIPInputStream in;
        private boolean finished;

        Inflating(ServletInputStream wire) {
            this.wire = wire;
        }

        private java.util.zip.GZIPInputStream in() throws IOException {
            if (in == null) {
                try {
                    in = new java.util.zip.GZIPInputStream(wire, 8192);
                } catch (java.util.zip.ZipException | java.io.EOFException e) {
                    throw GoogleError.invalidArgument("the request body is not valid gzip: " + e.getMessage());
                }
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            try {
                int n = in().read(buf, off, len);
                finished = n < 0;
                return n;
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw GoogleError.invalidArgument("the request body is not valid gzip: " + e.getMessage());
            }
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("asynchronous reads of gzip request bodies are not supported");
        }

        @Override
        public void close() throws IOException {
            wire.close();
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long count;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        private void counted(long n) {
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw tooLarge(limit);
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            counted(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
