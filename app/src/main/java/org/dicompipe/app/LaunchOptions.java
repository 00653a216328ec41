package org.dicompipe.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the command line asks for. Everything else comes from {@code config/}.
 *
 * @param job        the pipeline to run to completion, or null for the long-lived service
 * @param profile    the configuration profile ({@code application-PROFILE.properties}), or null for the embedded default
 * @param routesDir  the folder the YAML routes are loaded from
 * @param configDir  the folder holding {@code application.properties}
 * @param properties extra properties ({@code -Dkey=value} style, from {@code --set key=value}); they win over the files
 */
public record LaunchOptions(String job, String profile, Path routesDir, Path configDir, Map<String, String> properties) {

    static final String USAGE = "usage: java -jar dicom-pipeline.jar [--job NAME] [--profile NAME] [--routes DIR]"
            + " [--config DIR] [--data-dir DIR] [--set key=value]...\n"
            + "  --job NAME      run one pipeline to completion and exit (demo, provision, import-from-gcs, deidentify,"
            + " stream-to-bigquery); without it: the event-driven ingest service\n"
            + "  --profile NAME  use config/application-NAME.properties over application.properties"
            + " (also DICOMPIPE_PROFILE); gcp = Google Cloud\n";

    public LaunchOptions {
        properties = Map.copyOf(properties);
    }

    public static LaunchOptions parse(String[] args, Map<String, String> env) {
        String job = null;
        String profile = env.get("DICOMPIPE_PROFILE");
        Path routes = Path.of("routes");
        Path config = Path.of("config");
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--job" -> job = value(args, ++i, arg);
                case "--profile" -> profile = value(args, ++i, arg);
                case "--routes" -> routes = Path.of(value(args, ++i, arg));
                case "--config" -> config = Path.of(value(args, ++i, arg));
                case "--data-dir" -> props.put("dicompipe.data-dir", value(args, ++i, arg));
                case "--set" -> {
                    String kv = value(args, ++i, arg);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set needs key=value, got: " + kv);
                    }
                    props.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument: " + arg + "\n" + USAGE);
            }
        }
        if (profile != null && (profile.isBlank() || !profile.matches("[a-z0-9-]{1,32}"))) {
            throw new IllegalArgumentException("invalid profile name: " + profile);
        }
        if (job != null && !job.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("invalid job name: " + job);
        }
        return new LaunchOptions(job, profile, routes, config, props);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    public boolean embedded() {
        return profile == null || profile.equals("local");
    }
}
