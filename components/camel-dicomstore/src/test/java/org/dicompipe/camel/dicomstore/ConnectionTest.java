package org.dicompipe.camel.dicomstore;

import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.api.services.healthcare.v1.model.DicomStore;
import com.google.api.services.healthcare.v1.model.Operation;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the client is built: the emulator host variable, no credentials, a service account key from file: or
 * classpath:, and the model type converters. Google's token endpoint and API are stood in for by a recording server
 * (Google cannot be reached here); the key is a fresh RSA key, so the JWT the client signs is real.
 */
class ConnectionTest {

    static RecordingGoogleServer google;

    @BeforeAll
    static void start() throws Exception {
        google = new RecordingGoogleServer();
    }

    @AfterAll
    static void stop() {
        google.close();
    }

    @BeforeEach
    void reset() {
        google.reset();
    }

    @Test
    void emulatorHostVariableSetsRootUrlAndTurnsCredentialsOff() {
        DicomStoreConfiguration c = new DicomStoreConfiguration();
        DicomStoreConnectionFactory.Settings s = DicomStoreConnectionFactory.settings(c,
                name -> name.equals("DICOMSTORE_EMULATOR_HOST") ? "127.0.0.1:8085" : null);
        assertEquals("http://127.0.0.1:8085/", s.rootUrl());
        assertFalse(s.authenticate());
    }

    @Test
    void emulatorHostVariableInAChildJvm() throws Exception {
        google.respondJson(200, "{\"name\":\"projects/p/locations/l/datasets/d/dicomStores/s\"}");
        String hostPort = google.rootUrl().replace("http://", "").replace("/", "");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmulatorHostProbe.class.getName());
        pb.environment().put("DICOMSTORE_EMULATOR_HOST", hostPort);
        // no credentials anywhere: the variable alone must be enough
        pb.environment().remove("GOOGLE_APPLICATION_CREDENTIALS");
        pb.redirectErrorStream(true);
        Process child = pb.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("got DicomStore"), output);
        RecordingGoogleServer.Recorded r = google.only();
        assertEquals("/v1/projects/p/locations/l/datasets/d/dicomStores/s", r.path());
        assertNull(r.header("Authorization"));
    }

    @Test
    void applicationDefaultCredentialsInAChildJvm(@TempDir Path dir) throws Exception {
        Path key = writeServiceAccountKey(dir.resolve("adc.json"));
        google.respondJson(200, "{\"access_token\":\"adc-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
        google.respondJson(200, "{\"name\":\"projects/p/locations/l/datasets/d/dicomStores/s\"}");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmulatorHostProbe.class.getName(), google.rootUrl());
        pb.environment().remove("DICOMSTORE_EMULATOR_HOST");
        pb.environment().put("GOOGLE_APPLICATION_CREDENTIALS", key.toString());
        pb.redirectErrorStream(true);
        Process child = pb.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(2, rs.size(), google.describe());
        assertEquals("/token", rs.get(0).path());
        assertEquals("Bearer adc-token", rs.get(1).header("Authorization"));
    }

    @Test
    void explicitRootUrlWinsOverTheVariable() {
        DicomStoreConfiguration c = new DicomStoreConfiguration();
        c.setRootUrl("https://healthcare.example.test");
        DicomStoreConnectionFactory.Settings s = DicomStoreConnectionFactory.settings(c, name -> "127.0.0.1:1");
        assertEquals("https://healthcare.example.test/", s.rootUrl());
        assertTrue(s.authenticate());
    }

    @Test
    void withoutCredentialsNoAuthorizationIsSent() throws Exception {
        try (CamelContext context = context(null, false, null)) {
            google.respondJson(200, "{\"name\":\"x\"}");
            context.createProducerTemplate().requestBody("dicomstore:get", (Object) null);
            assertNull(google.only().header("Authorization"));
            assertTrue(google.only().header("User-Agent").contains(DicomStoreConnectionFactory.APPLICATION_NAME));
        }
    }

    @Test
    void serviceAccountKeyFromFile(@TempDir Path dir) throws Exception {
        Path key = writeServiceAccountKey(dir.resolve("key.json"));
        try (CamelContext context = context("file:" + key, true, null)) {
            assertSignedTokenIsUsed(context);
        }
    }

    @Test
    void serviceAccountKeyFromClasspath(@TempDir Path dir) throws Exception {
        writeServiceAccountKey(dir.resolve("sa-key.json"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] { dir.toUri().toURL() },
                getClass().getClassLoader());
             CamelContext context = context("classpath:sa-key.json", true, loader)) {
            assertSignedTokenIsUsed(context);
        }
    }

    @Test
    void clientBeanFromTheRegistryIsUsedAsItIs() throws Exception {
        com.google.api.services.healthcare.v1.CloudHealthcare mine = new com.google.api.services.healthcare.v1.CloudHealthcare
                .Builder(new com.google.api.client.http.javanet.NetHttpTransport(),
                        com.google.api.client.json.gson.GsonFactory.getDefaultInstance(), null)
                .setRootUrl(google.rootUrl()).setApplicationName("my-own-client").build();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("healthcare", mine);
            DicomStoreComponent component = new DicomStoreComponent();
            component.getConfiguration().setProject("p1");
            component.getConfiguration().setLocation("l");
            component.getConfiguration().setDataset("d");
            context.addComponent("dicomstore", component);
            context.start();
            google.respondJson(200, "{\"name\":\"x\"}");
            context.createProducerTemplate().requestBody("dicomstore:get?dicomStore=s", (Object) null);
            assertTrue(google.only().header("User-Agent").contains("my-own-client"), google.only().header("User-Agent"));
        }
    }

    @Test
    void modelsConvertToJsonAndMap() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            DicomStore store = new DicomStore().setName("projects/p/x").setLabels(Map.of("k", "v"));
            String json = context.getTypeConverter().mandatoryConvertTo(String.class, store);
            ShapeTestSupport.assertJsonEquals("{\"name\":\"projects/p/x\",\"labels\":{\"k\":\"v\"}}", json);
            Map<?, ?> map = context.getTypeConverter().mandatoryConvertTo(Map.class, new Operation().setName("op")
                    .setDone(true));
            assertEquals(Map.of("name", "op", "done", true), map);
        }
    }

    private void assertSignedTokenIsUsed(CamelContext context) {
        google.respondJson(200, "{\"access_token\":\"tok-123\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
        google.respondJson(200, "{\"name\":\"x\"}");
        context.createProducerTemplate().requestBody("dicomstore:get", (Object) null);
        List<RecordingGoogleServer.Recorded> rs = google.requests();
        assertEquals(2, rs.size(), google.describe());
        assertEquals("POST", rs.get(0).method());
        assertEquals("/token", rs.get(0).path());
        Map<String, List<String>> form = ShapeTestSupport.query(rs.get(0).bodyText());
        assertEquals(List.of("urn:ietf:params:oauth:grant-type:jwt-bearer"), form.get("grant_type"));
        String jwtClaims = new String(Base64.getUrlDecoder().decode(form.get("assertion").get(0).split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertTrue(jwtClaims.contains("https://www.googleapis.com/auth/cloud-platform"), jwtClaims);
        assertTrue(jwtClaims.contains("sa@p1.iam.gserviceaccount.com"), jwtClaims);
        assertEquals("Bearer tok-123", rs.get(1).header("Authorization"));
        assertEquals("/v1/projects/p1/locations/l/datasets/d/dicomStores/s", URLDecoder.decode(rs.get(1).path(),
                StandardCharsets.UTF_8));
    }

    private static CamelContext context(String key, boolean authenticate, ClassLoader loader) throws Exception {
        CamelContext context = new DefaultCamelContext();
        if (loader != null) {
            context.setApplicationContextClassLoader(loader);
        }
        DicomStoreComponent component = new DicomStoreComponent();
        DicomStoreConfiguration c = component.getConfiguration();
        c.setRootUrl(google.rootUrl());
        c.setAuthenticate(authenticate);
        c.setServiceAccountKey(key);
        c.setProject("p1");
        c.setLocation("l");
        c.setDataset("d");
        c.setDicomStore("s");
        context.addComponent("dicomstore", component);
        context.start();
        return context;
    }

    private static Path writeServiceAccountKey(Path file) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                     + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                             .encodeToString(pair.getPrivate().getEncoded())
                     + "\n-----END PRIVATE KEY-----\n";
        String json = "{\"type\":\"service_account\",\"project_id\":\"p1\",\"private_key_id\":\"k1\","
                      + "\"private_key\":\"" + pem.replace("\n", "\\n") + "\","
                      + "\"client_email\":\"sa@p1.iam.gserviceaccount.com\",\"client_id\":\"1\","
                      + "\"token_uri\":\"" + google.rootUrl() + "token\"}";
        Files.writeString(file, json);
        return file;
    }
}
