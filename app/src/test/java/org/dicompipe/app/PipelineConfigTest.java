package org.dicompipe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One setting selects the profile; files, environment and command line override in that order. */
class PipelineConfigTest {

    @TempDir
    Path config;

    @Test
    void theEmbeddedDefaultReadsOnlyApplicationProperties() throws IOException {
        write("application.properties", "dicompipe.project=local\ndicompipe.bucket=b1\n");
        write("application-gcp.properties", "dicompipe.project=cloud\n");
        LaunchOptions options = LaunchOptions.parse(new String[] {"--config", config.toString()}, Map.of());
        assertTrue(options.embedded());
        assertNull(options.job());
        Properties p = PipelineConfig.load(options);
        assertEquals("local", p.getProperty("dicompipe.project"));
    }

    @Test
    void theGcpProfileFromTheEnvironmentOrTheCommandLineOverlaysItsFile() throws IOException {
        write("application.properties", "dicompipe.project=local\ndicompipe.bucket=b1\n");
        write("application-gcp.properties", "dicompipe.project=cloud\n");
        for (LaunchOptions options : new LaunchOptions[] {
                LaunchOptions.parse(new String[] {"--config", config.toString()}, Map.of("DICOMPIPE_PROFILE", "gcp")),
                LaunchOptions.parse(new String[] {"--config", config.toString(), "--profile", "gcp"}, Map.of())}) {
            assertFalse(options.embedded());
            Properties p = PipelineConfig.load(options);
            assertEquals("cloud", p.getProperty("dicompipe.project"));
            assertEquals("b1", p.getProperty("dicompipe.bucket"), "unset keys come from application.properties");
        }
    }

    @Test
    void environmentThenCommandLineOverrideTheFiles() throws IOException {
        write("application.properties", "dicompipe.pubsub.gcs-topic=t1\ndicompipe.bucket=b1\n");
        Properties p = new Properties();
        p.setProperty("dicompipe.pubsub.gcs-topic", "t1");
        p.setProperty("dicompipe.bucket", "b1");
        PipelineConfig.overrideFromEnvironment(p, Map.of("DICOMPIPE_PUBSUB_GCS_TOPIC", "t2"));
        assertEquals("t2", p.getProperty("dicompipe.pubsub.gcs-topic"));
        assertEquals("b1", p.getProperty("dicompipe.bucket"));

        LaunchOptions options = LaunchOptions.parse(new String[] {"--config", config.toString(), "--job", "demo",
            "--set", "dicompipe.bucket=b3", "--data-dir", "/tmp/x"}, Map.of());
        Properties loaded = PipelineConfig.load(options);
        assertEquals("b3", loaded.getProperty("dicompipe.bucket"));
        assertEquals("/tmp/x", loaded.getProperty("dicompipe.data-dir"));
        assertEquals("demo", options.job());
    }

    @Test
    void aMissingProfileFileOrBadArgumentsAreClearErrors() throws IOException {
        write("application.properties", "dicompipe.project=local\n");
        LaunchOptions options = LaunchOptions.parse(new String[] {"--config", config.toString(), "--profile", "prod"},
                Map.of());
        IOException e = assertThrows(IOException.class, () -> PipelineConfig.load(options));
        assertTrue(e.getMessage().contains("application-prod.properties"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(new String[] {"--job"}, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LaunchOptions.parse(new String[] {"--profile", "../etc"}, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LaunchOptions.parse(new String[] {"--set", "novalue"}, Map.of()));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(config.resolve(name), text);
    }
}
