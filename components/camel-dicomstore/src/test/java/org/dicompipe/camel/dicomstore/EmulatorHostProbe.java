package org.dicompipe.camel.dicomstore;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Run in a child JVM by {@link ConnectionTest}, with environment variables the test JVM cannot set on itself: with
 * DICOMSTORE_EMULATOR_HOST, a component configured with nothing but where the store is; with a root URL argument
 * and GOOGLE_APPLICATION_CREDENTIALS, Application Default Credentials.
 */
public final class EmulatorHostProbe {

    private EmulatorHostProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            DicomStoreComponent component = new DicomStoreComponent();
            component.getConfiguration().setProject("p");
            component.getConfiguration().setLocation("l");
            component.getConfiguration().setDataset("d");
            component.getConfiguration().setDicomStore("s");
            if (args.length > 0) {
                component.getConfiguration().setRootUrl(args[0]);
            }
            context.addComponent("dicomstore", component);
            context.start();
            Object body = context.createProducerTemplate().requestBody("dicomstore:get", (Object) null);
            System.out.println("got " + body.getClass().getSimpleName());
        }
    }
}
