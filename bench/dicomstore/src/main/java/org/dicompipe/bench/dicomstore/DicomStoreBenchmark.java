package org.dicompipe.bench.dicomstore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.CloudHealthcare.Projects.Locations.Datasets.DicomStores.StoreInstances;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.dicompipe.camel.dicomstore.DicomStoreComponent;
import org.dicompipe.camel.dicomstore.DicomStoreConfiguration;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the dicomstore: component costs on top of Google's generated client: searchForInstances and storeInstances
 * through a {@code direct:} route to {@code dicomstore:}, and the same calls made directly with the client (same
 * Accept header, same multipart body, same JSON parsing into Maps), against the emulator in this JVM, in one run.
 * Issue 5's goal: the route within 5% of the client.
 *
 * <pre>
 *   mvn -B -q -pl bench/dicomstore -am -Pbench package -DskipTests
 *   java -jar bench/dicomstore/target/dicomstore-benchmarks.jar DicomStoreBenchmark
 * </pre>
 *
 * Each STOW-RS call stores a new instance (made before the call, outside the measurement) in a store of its own per
 * benchmark, so both sides see stores that grow alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DicomStoreBenchmark {

    private static final String PROJECT = "bench";
    private static final String LOCATION = "local";
    private static final String DATASET = "bench";
    private static final String DATASET_NAME = "projects/" + PROJECT + "/locations/" + LOCATION + "/datasets/" + DATASET;
    private static final String DICOM_JSON = "application/dicom+json";
    private static final Gson GSON = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();
    private static final Type LIST_OF_MAPS = new TypeToken<List<Map<String, Object>>>() {
    }.getType();
    private static final Type MAP = new TypeToken<Map<String, Object>>() {
    }.getType();

    /** How many instances the searched store holds (one study, one series). */
    @Param("50")
    public int storedInstances;

    private Path dataDir;
    private EmulatorServer emulator;
    private CloudHealthcare client;
    private CamelContext camel;
    private ProducerTemplate template;
    private final SyntheticStudy toStore = SyntheticStudy.withSeed(424242).instances(Integer.MAX_VALUE).size(64, 64);
    private final AtomicInteger nextInstance = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() throws Exception {
        dataDir = Files.createTempDirectory("dicomstore-bench");
        emulator = EmulatorServer.start(EmulatorConfig.local(dataDir));
        client = new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), null)
                .setRootUrl(emulator.baseUrl().toString()).setApplicationName("dicomstore-bench").build();
        client.projects().locations().datasets().create("projects/" + PROJECT + "/locations/" + LOCATION, new Dataset())
                .setDatasetId(DATASET).execute();
        for (String store : List.of("searched", "stow-route", "stow-client")) {
            client.projects().locations().datasets().dicomStores().create(DATASET_NAME, new DicomStore())
                    .setDicomStoreId(store).execute();
        }
        SyntheticStudy searched = SyntheticStudy.withSeed(7).instances(storedInstances).size(64, 64);
        for (int i = 0; i < storedInstances; i++) {
            storeDirectly(store("searched"), searched.toPart10(i));
        }

        camel = new DefaultCamelContext();
        DicomStoreComponent component = new DicomStoreComponent();
        DicomStoreConfiguration c = component.getConfiguration();
        c.setRootUrl(emulator.baseUrl().toString());
        c.setAuthenticate(false);
        c.setProject(PROJECT);
        c.setLocation(LOCATION);
        c.setDataset(DATASET);
        camel.addComponent("dicomstore", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:search").to("dicomstore:searchForInstances?dicomStore=searched");
                from("direct:store").to("dicomstore:storeInstances?dicomStore=stow-route");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A new instance for each STOW-RS call, made outside the measured call. */
    @State(Scope.Thread)
    public static class NextInstance {
        byte[] part10;

        @Setup(Level.Invocation)
        public void make(DicomStoreBenchmark bench) throws IOException {
            part10 = bench.toStore.toPart10(bench.nextInstance.getAndIncrement());
        }
    }

    @Benchmark
    public List<?> searchForInstancesRoute() {
        return template.requestBody("direct:search", null, List.class);
    }

    @Benchmark
    public List<Map<String, Object>> searchForInstancesClient() throws IOException {
        var request = client.projects().locations().datasets().dicomStores()
                .searchForInstances(store("searched"), "instances");
        request.getRequestHeaders().setAccept(DICOM_JSON);
        HttpResponse response = request.executeUnparsed();
        try (InputStream in = response.getContent()) {
            return GSON.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), LIST_OF_MAPS);
        } finally {
            response.disconnect();
        }
    }

    @Benchmark
    public Object storeInstancesRoute(NextInstance instance) {
        return template.requestBody("direct:store", instance.part10);
    }

    @Benchmark
    public Map<String, Object> storeInstancesClient(NextInstance instance) throws IOException {
        return storeDirectly(store("stow-client"), instance.part10);
    }

    /** STOW-RS on the generated client's request, as a user without the component would write it. */
    private Map<String, Object> storeDirectly(String store, byte[] part10) throws IOException {
        StoreInstances request = client.projects().locations().datasets().dicomStores()
                .storeInstances(store, "studies", null);
        request.setDisableGZipContent(true);
        request.getRequestHeaders().setAccept(DICOM_JSON);
        String boundary = "bench-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream(part10.length + 200);
        body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(part10);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest http = request.buildHttpRequest();
        http.setContent(new ByteArrayContent("multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                body.toByteArray()));
        HttpResponse response = http.execute();
        try (InputStream in = response.getContent()) {
            return GSON.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), MAP);
        } finally {
            response.disconnect();
        }
    }

    private static String store(String id) {
        return DATASET_NAME + "/dicomStores/" + id;
    }

}
