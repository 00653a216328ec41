package org.dicompipe.emulator;

import java.nio.file.Path;

/**
 * {@code java -jar healthcare-emulator.jar [--host H] [--port P] [--data-dir D] [--pubsub-emulator-host H:P]
 * [--max-request-bytes N]}.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 8080;
        Path dataDir = Path.of("data");
        String pubsub = System.getenv("PUBSUB_EMULATOR_HOST");
        long maxRequest = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--host" -> host = value(args, ++i, arg);
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--pubsub-emulator-host" -> pubsub = value(args, ++i, arg);
                case "--max-request-bytes" -> maxRequest = Long.parseLong(value(args, ++i, arg));
                case "-h", "--help" -> {
                    System.out.println("usage: healthcare-emulator [--host 127.0.0.1] [--port 8080] [--data-dir ./data]"
                            + " [--pubsub-emulator-host HOST:PORT] [--max-request-bytes N]");
                    return;
                }
                default -> {
                    System.err.println("unknown option: " + arg);
                    System.exit(2);
                }
            }
        }
        EmulatorServer server = EmulatorServer.start(new EmulatorConfig(host, port, dataDir, pubsub, maxRequest));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            }
        }, "emulator-shutdown"));
        server.join();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("missing value for " + option);
            System.exit(2);
        }
        return args[i];
    }
}
