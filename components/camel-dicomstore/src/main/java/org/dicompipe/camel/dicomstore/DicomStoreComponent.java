package org.dicompipe.camel.dicomstore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.api.services.healthcare.v1.CloudHealthcare;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.PropertiesHelper;

/** The {@code dicomstore:} component: holds the shared options and the Cloud Healthcare clients. */
@Component("dicomstore")
public class DicomStoreComponent extends DefaultComponent {

    @Metadata
    private DicomStoreConfiguration configuration = new DicomStoreConfiguration();

    /** One client per distinct connection setup; normally exactly one. */
    private final Map<DicomStoreConnectionFactory.Settings, CloudHealthcare> clients = new ConcurrentHashMap<>();

    public DicomStoreComponent() {
        this(null);
    }

    public DicomStoreComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("dicomstore: needs an operation, dicomstore:<operation>, one of "
                                               + DicomStoreOperations.allUriNames());
        }
        DicomStoreConfiguration config = configuration != null ? configuration.copy() : new DicomStoreConfiguration();
        config.setOperation(remaining);
        Map<String, Object> query = PropertiesHelper.extractProperties(parameters, "query.");
        if (!query.isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>();
            if (config.getQueryParameters() != null) {
                merged.putAll(config.getQueryParameters());
            }
            merged.putAll(query);
            config.setQueryParameters(merged);
        }
        DicomStoreEndpoint endpoint = new DicomStoreEndpoint(uri, this, config);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    /** The shared client for these connection options (a client set as an option never gets here). */
    CloudHealthcare clientFor(DicomStoreConfiguration config) {
        DicomStoreConnectionFactory.Settings settings = DicomStoreConnectionFactory.settings(config, System::getenv);
        return clients.computeIfAbsent(settings, s -> {
            try {
                return DicomStoreConnectionFactory.create(getCamelContext(), s);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the Cloud Healthcare client: " + e.getMessage(), e);
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        clients.clear();
        super.doStop();
    }

    public DicomStoreConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The component configuration: options every dicomstore endpoint starts from.
     */
    public void setConfiguration(DicomStoreConfiguration configuration) {
        this.configuration = configuration;
    }
}
