package org.dicompipe.camel.dicomstore;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Calls the DICOM store method the endpoint (or the {@link DicomStoreConstants#OPERATION} header) names. */
public class DicomStoreProducer extends DefaultProducer {

    public DicomStoreProducer(DicomStoreEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public DicomStoreEndpoint getEndpoint() {
        return (DicomStoreEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DicomStoreEndpoint endpoint = getEndpoint();
        DicomStoreCall call = new DicomStoreCall(exchange, endpoint.getConfiguration(), endpoint.getClient(),
                operation(exchange, endpoint));
        dispatch(call);
    }

    private static DicomStoreOperations operation(Exchange exchange, DicomStoreEndpoint endpoint) {
        Object header = exchange.getIn().getHeader(DicomStoreConstants.OPERATION);
        if (header instanceof DicomStoreOperations op) {
            return op;
        }
        if (header != null && !header.toString().isBlank()) {
            return DicomStoreOperations.fromUriName(header.toString());
        }
        return endpoint.getOperation();
    }

    private static void dispatch(DicomStoreCall call) throws IOException {
        switch (call.operation) {
            case get -> StoreMethods.get(call);
            case list -> StoreMethods.list(call);
            case create -> StoreMethods.create(call);
            case patch -> StoreMethods.patch(call);
            case delete -> StoreMethods.delete(call);
            case getStoreMetrics -> StoreMethods.getStoreMetrics(call);
            case getStudyMetrics -> StoreMethods.getStudyMetrics(call);
            case getSeriesMetrics -> StoreMethods.getSeriesMetrics(call);
            case getStorageInfo -> StoreMethods.getStorageInfo(call);
            case searchForStudies -> DicomWebMethods.searchForStudies(call);
            case searchForSeries -> DicomWebMethods.searchForSeries(call);
            case searchForInstances -> DicomWebMethods.searchForInstances(call);
            case storeInstances -> DicomWebMethods.storeInstances(call);
            case retrieveStudy -> DicomWebMethods.retrieveStudy(call);
            case retrieveSeries -> DicomWebMethods.retrieveSeries(call);
            case retrieveInstance -> DicomWebMethods.retrieveInstance(call);
            case retrieveMetadata -> DicomWebMethods.retrieveMetadata(call);
            case retrieveFrames -> DicomWebMethods.retrieveFrames(call);
            case retrieveRendered -> DicomWebMethods.retrieveRendered(call);
            case retrieveBulkdata -> DicomWebMethods.retrieveBulkdata(call);
            case deleteStudy -> DicomWebMethods.deleteStudy(call);
            case deleteSeries -> DicomWebMethods.deleteSeries(call);
            case deleteInstance -> DicomWebMethods.deleteInstance(call);
            case importData -> LongRunningMethods.importData(call);
            case export -> LongRunningMethods.export(call);
            case deidentify -> LongRunningMethods.deidentify(call);
            case setBlobStorageSettings -> LongRunningMethods.setBlobStorageSettings(call);
            case getOperation -> LongRunningMethods.getOperation(call);
            case cancelOperation -> LongRunningMethods.cancelOperation(call);
            default -> throw new IllegalStateException("unhandled operation " + call.operation);
        }
    }
}
