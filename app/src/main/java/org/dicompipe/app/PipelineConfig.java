package org.dicompipe.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** {@code config/application.properties}, then the profile's file over it, then the command line's properties. */
public final class PipelineConfig {

    private PipelineConfig() {
    }

    public static Properties load(LaunchOptions options) throws IOException {
        Properties props = new Properties();
        read(options.configDir().resolve("application.properties"), props, true);
        if (options.profile() != null) {
            read(options.configDir().resolve("application-" + options.profile() + ".properties"), props, true);
        }
        overrideFromEnvironment(props, System.getenv());
        options.properties().forEach(props::setProperty);
        // relative files in the config (e.g. the de-identification config) are relative to the config folder
        props.setProperty("dicompipe.config-dir", options.configDir().toAbsolutePath().normalize().toString());
        return props;
    }

    /** {@code DICOMPIPE_PUBSUB_GCS_TOPIC} overrides {@code dicompipe.pubsub.gcs-topic}, and so on. */
    static void overrideFromEnvironment(Properties props, java.util.Map<String, String> env) {
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("dicompipe.")) {
                String value = env.get(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
                if (value != null) {
                    props.setProperty(key, value);
                }
            }
        }
    }

    private static void read(Path file, Properties into, boolean required) throws IOException {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new IOException("configuration file not found: " + file.toAbsolutePath()
                        + " (run from the repository folder or pass --config DIR)");
            }
            return;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            into.load(in);
        }
    }
}
