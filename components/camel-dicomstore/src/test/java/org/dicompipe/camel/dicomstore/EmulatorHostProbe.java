package org.dicompipe.camel.dicomstore;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Run in a child JVM by {@link ConnectionTest} with DICOMSTORE_EMULATOR_HOST set: a component configured with
 * nothing but where the store is, as a route on a developer machine would be.
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
            context.addComponent("dicomstore", component);
            context.start();
            Object body = context.createProducerTemplate().requestBody("dicomstore:get", (Object) null);
            System.out.println("got " + body.getClass().getSimpleName());
        }
    }
}
