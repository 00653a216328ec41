package org.dicompipe.camel.dicomstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.api.services.healthcare.v1.model.DicomStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.dicompipe.codec.synth.SyntheticStudy;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A YAML DSL route file, loaded by camel-main, whose dicomstore: endpoints get every option from
 * camel.component.dicomstore.* properties, against the emulator. This is how the pipelines' routes use the component.
 */
class YamlRouteTest {

    @Test
    void yamlRoutesWithOptionsOnlyFromProperties(@TempDir Path dir) throws Exception {
        try (EmulatorServer emulator = EmulatorServer.start(EmulatorConfig.local(dir.resolve("emulator")))) {
            String root = emulator.baseUrl().toString();
            CloudHealthcare direct = new CloudHealthcare.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                    null).setRootUrl(root).build();
            direct.projects().locations().datasets().create("projects/yp/locations/europe-west4", new Dataset())
                    .setDatasetId("yd").execute();
            direct.projects().locations().datasets().dicomStores()
                    .create("projects/yp/locations/europe-west4/datasets/yd", new DicomStore()).setDicomStoreId("ys")
                    .execute();

            Main main = new Main();
            main.configure().withRoutesIncludePattern("classpath:routes/dicomstore-test.camel.yaml");
            main.addInitialProperty("camel.component.dicomstore.rootUrl", root);
            main.addInitialProperty("camel.component.dicomstore.authenticate", "false");
            main.addInitialProperty("camel.component.dicomstore.project", "yp");
            main.addInitialProperty("camel.component.dicomstore.location", "europe-west4");
            main.addInitialProperty("camel.component.dicomstore.dataset", "yd");
            main.addInitialProperty("camel.component.dicomstore.dicomStore", "ys");
            main.addInitialProperty("camel.component.dicomstore.includefield", "StudyDescription");
            main.addInitialProperty("camel.component.dicomstore.maxRetries", "1");
            main.addInitialProperty("camel.component.dicomstore.timeout", "2m");
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                DicomStoreComponent component = context.getComponent("dicomstore", DicomStoreComponent.class);
                assertEquals("yp", component.getConfiguration().getProject());
                assertEquals(120_000L, component.getConfiguration().getTimeout());

                ProducerTemplate template = context.createProducerTemplate();
                SyntheticStudy study = SyntheticStudy.withSeed(77).instances(2).size(16, 16);
                Exchange stored = template.request("direct:store",
                        e -> e.getIn().setBody(List.of(study.toPart10(0), study.toPart10(1))));
                assertEquals(null, stored.getException());
                assertEquals(2, stored.getMessage().getHeader(DicomStoreConstants.STORED_COUNT));

                Exchange searched = template.request("direct:search", e -> {
                });
                assertEquals(null, searched.getException());
                List<?> instances = searched.getMessage().getBody(List.class);
                assertEquals(2, instances.size());
                Map<?, ?> first = (Map<?, ?>) instances.get(0);
                assertEquals(study.studyInstanceUid(), EmulatorTestSupport.first(first, "0020000D"));
                assertEquals("CT CHEST SYNTHETIC", searched.getMessage().getHeader("SearchedStudyDescription"),
                        "the search returned StudyDescription: includefield came from the component property");
                assertTrue(instances.stream().anyMatch(i -> study.sopInstanceUid(1).equals(
                        EmulatorTestSupport.first((Map<?, ?>) i, "00080018"))), "metadata of both instances");

                String json = template.requestBody("direct:get", (Object) null, String.class);
                assertTrue(json.contains("\"name\":\"projects/yp/locations/europe-west4/datasets/yd/dicomStores/ys\""),
                        json);
            } finally {
                main.stop();
            }
        }
        assertTrue(Files.isDirectory(dir));
    }
}
