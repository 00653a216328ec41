package org.dicompipe.camel.dicomstore;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.CloudHealthcareScopes;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.util.ObjectHelper;

/**
 * Builds the {@link CloudHealthcare} client (thread-safe, shared by every endpoint with the same connection options):
 * Application Default Credentials, a service account key, or no credentials for the emulator.
 */
public final class DicomStoreConnectionFactory {

    /** host:port of a local emulator, in the manner of PUBSUB_EMULATOR_HOST. */
    public static final String EMULATOR_HOST_ENV = "DICOMSTORE_EMULATOR_HOST";

    static final String APPLICATION_NAME = "dicompipe-camel-dicomstore";

    private static final HttpTransport TRANSPORT = new NetHttpTransport();

    private DicomStoreConnectionFactory() {
    }

    /** What a client depends on; equal settings share a client. */
    record Settings(String rootUrl, boolean authenticate, String serviceAccountKey, RetryPolicy retryPolicy,
                    long connectTimeout, long readTimeout) {
    }

    public static CloudHealthcare create(CamelContext context, DicomStoreConfiguration configuration) throws IOException {
        return create(context, settings(configuration, System::getenv));
    }

    static Settings settings(DicomStoreConfiguration configuration, Function<String, String> env) {
        String rootUrl = configuration.getRootUrl();
        boolean authenticate = configuration.isAuthenticate();
        String emulatorHost = env.apply(EMULATOR_HOST_ENV);
        if (ObjectHelper.isEmpty(rootUrl) && ObjectHelper.isNotEmpty(emulatorHost)) {
            rootUrl = "http://" + emulatorHost.trim() + "/";
            // the emulator takes no credentials, and ADC may not exist on a developer machine
            authenticate = false;
        }
        if (ObjectHelper.isNotEmpty(rootUrl) && !rootUrl.endsWith("/")) {
            rootUrl = rootUrl + "/";
        }
        RetryPolicy retry = new RetryPolicy(configuration.getMaxRetries(), configuration.getRetryInitialDelay(),
                configuration.getRetryMaxDelay());
        return new Settings(rootUrl, authenticate, configuration.getServiceAccountKey(), retry,
                configuration.getConnectTimeout(), configuration.getReadTimeout());
    }

    static CloudHealthcare create(CamelContext context, Settings settings) throws IOException {
        HttpRequestInitializer credentials = settings.authenticate() ? credentials(context, settings) : null;
        CloudHealthcare.Builder builder = new CloudHealthcare.Builder(TRANSPORT, GsonFactory.getDefaultInstance(),
                new RetryingRequestInitializer(credentials, settings.retryPolicy(), settings.connectTimeout(),
                        settings.readTimeout()))
                .setApplicationName(APPLICATION_NAME)
                // the generated patterns are stricter than Google's (bulkdata/{tag} is refused); the component
                // validates every path element itself
                .setSuppressPatternChecks(true);
        if (ObjectHelper.isNotEmpty(settings.rootUrl())) {
            builder.setRootUrl(settings.rootUrl());
        }
        return builder.build();
    }

    private static HttpRequestInitializer credentials(CamelContext context, Settings settings) throws IOException {
        GoogleCredentials credentials;
        if (ObjectHelper.isNotEmpty(settings.serviceAccountKey())) {
            try (InputStream key = ResourceHelper.resolveMandatoryResourceAsInputStream(context,
                    settings.serviceAccountKey())) {
                credentials = GoogleCredentials.fromStream(key);
            }
        } else {
            credentials = GoogleCredentials.getApplicationDefault();
        }
        return new HttpCredentialsAdapter(credentials.createScoped(CloudHealthcareScopes.CLOUD_PLATFORM));
    }
}
