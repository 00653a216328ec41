package org.dicompipe.emulator.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * An error answered before the request body was read (a bad id, a missing store, a body too large) must not leave
 * the body's rest on a keep-alive connection: Jetty would then close the connection after the response, which the
 * client has already taken as reusable, and the client's next request on it fails with "Unexpected end of file".
 * So before an error body is written, the rest of the request is read and dropped, up to a bound; past that bound
 * the response says {@code Connection: close} so that the client does not reuse the connection.
 */
public final class DrainRequestOnErrorFilter implements Filter {

    private static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest req && response instanceof HttpServletResponse resp) {
            chain.doFilter(req, new DrainingResponse(req, resp));
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class DrainingResponse extends HttpServletResponseWrapper {

        private final HttpServletRequest request;
        private boolean drained;

        DrainingResponse(HttpServletRequest request, HttpServletResponse response) {
            super(response);
            this.request = request;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            drainIfError();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            drainIfError();
            return super.getWriter();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            setStatus(sc);
            drainIfError();
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            setStatus(sc);
            drainIfError();
            super.sendError(sc);
        }

        private void drainIfError() {
            if (drained || getStatus() < 400 || isCommitted()) {
                return;
            }
            drained = true;
            long contentLength = request.getContentLengthLong();
            boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
            if (contentLength <= 0 && !chunked) {
                return;
            }
            try {
                InputStream in = request.getInputStream();
                byte[] buffer = new byte[8192];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    total += n;
                    if (total > MAX_DRAIN_BYTES) {
                        setHeader("Connection", "close");
                        return;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                // the body was already taken as a reader, or the client is gone: don't reuse the connection
                setHeader("Connection", "close");
            }
        }
    }
}
