package org.dicompipe.app;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar dicom-pipeline.jar [--job NAME] [--profile NAME] ...}: runs one pipeline to completion (exit 0, or
 * non-zero with the reason), or with no job the long-lived event-driven ingest service.
 */
public final class DicomPipeline {

    private DicomPipeline() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(options);
        } catch (Exception e) {
            System.err.println("dicom-pipeline could not start: " + reason(e));
            return 1;
        }
        try {
            if (options.job() == null) {
                return serve(pipeline);
            }
            if (!"provision".equals(options.job())) {
                pipeline.runJob("provision");
            }
            String consumers = pipeline.property("dicompipe.job." + options.job() + ".consumers");
            if (consumers != null) {
                pipeline.startConsumers(consumers);
            }
            Object result = pipeline.runJob(options.job());
            if (result instanceof String text && !text.isBlank()) {
                System.out.println(text.strip());
            }
            return 0;
        } catch (Exception e) {
            System.err.println("dicom-pipeline job " + options.job() + " failed: " + reason(e));
            return 1;
        } finally {
            pipeline.close();
        }
    }

    private static int serve(Pipeline pipeline) throws Exception {
        pipeline.runJob("provision");
        pipeline.startConsumers(pipeline.property("dicompipe.service.consumers"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            stopped.countDown();
        }, "dicom-pipeline-stop"));
        System.err.println("dicom-pipeline service running; Ctrl-C stops it");
        stopped.await();
        return 0;
    }

    /** The innermost message, which names the actual problem, with the outer one when it adds context. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = e.getMessage();
        String inner = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        if (root == e || outer == null || outer.contains(inner)) {
            return outer == null ? inner : outer;
        }
        return inner + " (" + root.getClass().getSimpleName() + ")";
    }
}
