package org.dicompipe.emulator.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.dicompipe.codec.DicomParseException;
import org.dicompipe.emulator.http.GoogleError;
import org.dicompipe.emulator.storage.DicomStoreStorage;
import org.dicompipe.emulator.storage.DicomStoreStorage.Incoming;
import org.dicompipe.emulator.storage.DicomStoreStorage.StoreResult;
import org.dicompipe.emulator.storage.InstanceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STOW-RS ({@code POST studies}, {@code POST studies/{study}}). The body is read in two phases: every part is first
 * streamed to its own temporary file, so a body that turns out to be malformed multipart changes nothing; then each
 * part is parsed and stored on its own, and the response lists it as stored or failed.
 */
final class StowHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StowHandler.class);
    private static final long MAX_DRAIN_BYTES = 256L * 1024 * 1024;

    private StowHandler() {
    }

    static void handle(DicomStoreStorage storage, String study, DicomWebUrls urls, HttpServletRequest req,
            HttpServletResponse resp, Consumer<InstanceKey> onStored)
            throws IOException {
        MediaType type = MediaType.parse(req.getContentType());
        List<Received> parts = new ArrayList<>();
        try {
            if (type.is("multipart/related")) {
                String partType = type.param("type");
                if (partType != null && !partType.equalsIgnoreCase("application/dicom")) {
                    throw GoogleError.invalidArgument("unsupported multipart type \"" + partType
                            + "\": only application/dicom instances can be stored");
                }
                String boundary = type.param("boundary");
                if (boundary == null || boundary.isEmpty()) {
                    throw GoogleError.invalidArgument("multipart/related request without a boundary parameter");
                }
                receiveParts(storage, new MultipartReader(req.getInputStream(), boundary), parts);
            } else if (type.is("application/dicom")) {
                parts.add(new Received(storage.receive(req.getInputStream(), true), null));
            } else {
                throw new GoogleError(415, "INVALID_ARGUMENT", "unsupported Content-Type \"" + req.getContentType()
                        + "\": use multipart/related; type=\"application/dicom\" or application/dicom");
            }
        } catch (MultipartReader.MalformedMultipartException e) {
            discardAll(storage, parts);
            drain(req);
            throw GoogleError.invalidArgument("malformed multipart body: " + e.getMessage());
        } catch (GoogleError e) {
            discardAll(storage, parts);
            drain(req);
            throw e;
        } catch (IOException | RuntimeException e) {
            discardAll(storage, parts);
            throw e;
        }
        if (parts.isEmpty()) {
            throw GoogleError.invalidArgument("the request contains no DICOM instance");
        }

        StoreResponse response = new StoreResponse();
        List<String> studies = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Received part = parts.get(i);
            if (part.rejection() != null) {
                storage.discard(part.incoming());
                response.failed(null, null, StoreResponse.CANNOT_UNDERSTAND, part.rejection());
                continue;
            }
            try {
                StoreResult r = storage.store(part.incoming(), study);
                switch (r.outcome()) {
                    case STORED, ALREADY_STORED -> {
                        if (r.outcome() == DicomStoreStorage.Outcome.STORED) {
                            onStored.accept(r.key());
                        }
                        response.stored(r.sopClassUid(), r.key().instance(), urls.instance(r.key()));
                        if (!studies.contains(r.key().study())) {
                            studies.add(r.key().study());
                        }
                    }
                    case CONFLICT -> response.failed(r.sopClassUid(), r.key().instance(), StoreResponse.PROCESSING_FAILURE,
                            "an instance with the same Study/Series/SOP Instance UIDs already exists in this DICOM store"
                                    + " with different content");
                    case STUDY_MISMATCH -> response.failed(r.sopClassUid(), r.key().instance(),
                            StoreResponse.PROCESSING_FAILURE, "the instance's StudyInstanceUID " + r.key().study()
                                    + " does not match the study in the request path");
                    default -> throw new IllegalStateException();
                }
            } catch (DicomParseException e) {
                response.failed(null, null, StoreResponse.CANNOT_UNDERSTAND, "part " + (i + 1)
                        + " is not a readable DICOM instance: " + e.getMessage());
            } catch (GoogleError e) {
                response.failed(null, null, StoreResponse.CANNOT_UNDERSTAND, "part " + (i + 1) + ": " + e.getMessage());
            } catch (IOException e) {
                boolean parse = e.getMessage() != null && e.getMessage().startsWith("not a DICOM");
                if (!parse) {
                    LOG.warn("storing part {} failed", i + 1, e);
                }
                response.failed(null, null, parse ? StoreResponse.CANNOT_UNDERSTAND : StoreResponse.PROCESSING_FAILURE,
                        "part " + (i + 1) + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("storing part {} failed", i + 1, e);
                response.failed(null, null, StoreResponse.PROCESSING_FAILURE, "part " + (i + 1) + ": " + e);
            }
        }
        if (study != null) {
            response.retrieveUrl(urls.study(study));
        } else if (studies.size() == 1) {
            response.retrieveUrl(urls.study(studies.get(0)));
        }
        writeResponse(response, req, resp);
    }

    /**
     * Reads what is left of a refused request's body so that the client, which may still be sending, gets the error
     * response instead of a reset connection. Bounded: past the limit the connection is closed instead.
     */
    private static void drain(HttpServletRequest req) {
        byte[] skip = new byte[64 * 1024];
        long left = MAX_DRAIN_BYTES;
        try (InputStream in = req.getInputStream()) {
            int n;
            while (left > 0 && (n = in.read(skip, 0, (int) Math.min(skip.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException ignored) {
            // the client went away or the body is over the size limit: nothing more to read
        }
    }

    private record Received(Incoming incoming, String rejection) {
    }

    private static void receiveParts(DicomStoreStorage storage, MultipartReader reader, List<Received> parts)
            throws IOException {
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            String ct = part.contentType();
            String rejection = null;
            if (ct != null && !MediaType.parse(ct).is("application/dicom")) {
                rejection = "part " + (parts.size() + 1) + " has Content-Type \"" + ct
                        + "\"; only application/dicom parts can be stored";
            }
            InputStream body = part.body();
            parts.add(new Received(storage.receive(body, rejection == null), rejection));
        }
    }

    private static void discardAll(DicomStoreStorage storage, List<Received> parts) {
        for (Received r : parts) {
            storage.discard(r.incoming());
        }
    }

    private static void writeResponse(StoreResponse response, HttpServletRequest req, HttpServletResponse resp)
            throws IOException {
        boolean json = false;
        for (MediaType m : MediaType.parseAccept(req.getHeader("Accept"))) {
            String t = m.type().toLowerCase(Locale.ROOT);
            if (t.contains("json")) {
                json = true;
                break;
            }
            if (t.contains("xml")) {
                break;
            }
        }
        resp.setStatus(response.httpStatus());
        resp.setContentType(json ? "application/dicom+json" : "application/dicom+xml");
        byte[] body = (json ? response.toJson() : response.toXml()).getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
