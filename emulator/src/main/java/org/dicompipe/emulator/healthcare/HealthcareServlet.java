package org.dicompipe.emulator.healthcare;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.dicompipe.emulator.http.GoogleError;

/** Routes {@code /v1/...} requests to the resource handlers and the store extensions. */
final class HealthcareServlet extends HttpServlet {

    private final transient HealthcareFeature feature;

    HealthcareServlet(HealthcareFeature feature) {
        this.feature = feature;
    }

    @Override
    public void init() {
        feature.reconcile();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        GoogleError.notFound("not implemented yet: " + req.getRequestURI()).write(resp);
    }
}
