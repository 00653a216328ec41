package org.dicompipe.camel.dicomstore;

import java.util.List;

import com.google.api.services.healthcare.v1.CloudHealthcare;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Call any method of a Google Cloud Healthcare API DICOM store: the store resource, DICOMweb (search, store, retrieve,
 * delete), metrics, import, export, de-identification and their long-running operations, on Google Cloud or on a
 * local emulator.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "dicomstore", title = "Google Cloud Healthcare DICOM Store",
             syntax = "dicomstore:operation", producerOnly = true, category = { Category.CLOUD, Category.API },
             headersClass = DicomStoreConstants.class)
public class DicomStoreEndpoint extends DefaultEndpoint {

    @UriParam
    private DicomStoreConfiguration configuration;

    private DicomStoreOperations operation;
    private CloudHealthcare client;

    public DicomStoreEndpoint(String uri, DicomStoreComponent component, DicomStoreConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public DicomStoreComponent getComponent() {
        return (DicomStoreComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new DicomStoreProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        throw new UnsupportedOperationException("dicomstore: only sends; to react to new instances, consume the store's "
                                                + "Pub/Sub notifications with google-pubsub:");
    }

    /** Fails at creation, naming what is missing, rather than at the first message. */
    void validate() {
        operation = DicomStoreOperations.fromUriName(configuration.getOperation());
        StoreLocation where = StoreLocation.resolve(configuration.getProject(), configuration.getLocation(),
                configuration.getDataset(), configuration.getDicomStore());
        List<String> missing = where.missingForDataset();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("dicomstore:" + operation.uriName() + " is missing required option(s) "
                                               + String.join(", ", missing)
                                               + ": set them on the endpoint, as camel.component.dicomstore.<option>, or "
                                               + "give a full resource name in dataset or dicomStore");
        }
        if (configuration.getTimeout() <= 0) {
            throw new IllegalArgumentException("dicomstore: timeout must be positive: " + configuration.getTimeout());
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        client = configuration.getClient() != null
                ? configuration.getClient()
                : getComponent().clientFor(configuration);
    }

    public DicomStoreConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The endpoint's configuration.
     */
    public void setConfiguration(DicomStoreConfiguration configuration) {
        this.configuration = configuration;
    }

    public DicomStoreOperations getOperation() {
        if (operation == null) {
            operation = DicomStoreOperations.fromUriName(configuration.getOperation());
        }
        return operation;
    }

    public CloudHealthcare getClient() {
        return client;
    }
}
