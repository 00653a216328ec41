package org.dicompipe.emulator.healthcare;

import com.google.api.services.healthcare.v1.model.Operation;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.dicompipe.emulator.EmulatorConfig;
import org.dicompipe.emulator.EmulatorServer;

/**
 * Test-only process for {@link RestartTest}: starts the emulator on a data folder, starts an operation that never
 * ends, prints its name and waits to be killed with SIGKILL.
 */
public final class NeverEndingOperationMain {

    private NeverEndingOperationMain() {
    }

    public static void main(String[] args) throws Exception {
        EmulatorServer server = EmulatorServer.start(EmulatorConfig.local(Path.of(args[0])));
        HealthcareFeature feature = server.context().feature(HealthcareFeature.class).orElseThrow();
        Operation op = feature.operations().start(DatasetName.parse(args[1]), "test.NeverEnds", progress -> {
            progress.setPending(10);
            progress.add(3, 1);
            new CountDownLatch(1).await();
            return null;
        });
        System.out.println("OPERATION " + op.getName());
        System.out.flush();
        server.join();
    }
}
