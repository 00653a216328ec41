package org.dicompipe.camel.dicomstore;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.WrappedFile;

/**
 * The instances of a storeInstances body: byte[], InputStream, File, Path, a file: or google-storage: consumer's body
 * (GenericFile, Blob bytes), or a List of any of those. Files are opened only while being sent.
 */
final class StowBody {

    private StowBody() {
    }

    static List<MultipartRelatedContent.Part> parts(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            throw new IllegalArgumentException("dicomstore:storeInstances needs DICOM instances in the body");
        }
        List<MultipartRelatedContent.Part> parts = new ArrayList<>();
        if (body instanceof Collection<?> items) {
            for (Object item : items) {
                parts.add(part(exchange, item));
            }
        } else if (body instanceof Object[] items) {
            for (Object item : items) {
                parts.add(part(exchange, item));
            }
        } else {
            parts.add(part(exchange, body));
        }
        return parts;
    }

    private static MultipartRelatedContent.Part part(Exchange exchange, Object item) {
        if (item instanceof WrappedFile<?> wrapped) {
            Object file = wrapped.getFile();
            if (file instanceof File || file instanceof Path) {
                return part(exchange, file);
            }
            Object content = wrapped.getBody();
            return part(exchange, content != null ? content : file);
        }
        if (item instanceof byte[] bytes) {
            return new MultipartRelatedContent.Part(bytes.length, () -> new ByteArrayInputStream(bytes));
        }
        if (item instanceof File file) {
            return new MultipartRelatedContent.Part(file.length(), () -> new FileInputStream(file));
        }
        if (item instanceof Path path) {
            return new MultipartRelatedContent.Part(length(path), () -> Files.newInputStream(path));
        }
        if (item instanceof InputStream in) {
            return new MultipartRelatedContent.Part(-1, () -> in);
        }
        if (item == null) {
            throw new IllegalArgumentException("dicomstore:storeInstances: the body holds a null instance");
        }
        try {
            InputStream in = exchange.getContext().getTypeConverter().mandatoryConvertTo(InputStream.class, exchange, item);
            return new MultipartRelatedContent.Part(-1, () -> in);
        } catch (NoTypeConversionAvailableException e) {
            throw new IllegalArgumentException("dicomstore:storeInstances cannot send a " + item.getClass().getName()
                                               + ": give byte[], InputStream, File or a List of them", e);
        }
    }

    private static long length(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
