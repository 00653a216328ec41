package org.dicompipe.camel.dicomstore;

import java.io.IOException;
import java.util.Set;

import com.google.api.client.http.HttpBackOffUnsuccessfulResponseHandler;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import com.google.api.client.util.ExponentialBackOff;

/**
 * Sets up every request of the client: credentials first, then retries with exponential backoff on 429 and 503 for
 * idempotent HTTP methods only. A POST (storeInstances, create, import, ...) is never repeated, because Google may
 * have acted on it before answering.
 */
final class RetryingRequestInitializer implements HttpRequestInitializer {

    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final HttpRequestInitializer credentials;
    private final RetryPolicy policy;
    private final int connectTimeout;
    private final int readTimeout;

    RetryingRequestInitializer(HttpRequestInitializer credentials, RetryPolicy policy, long connectTimeout,
                               long readTimeout) {
        this.credentials = credentials;
        this.policy = policy;
        this.connectTimeout = (int) Math.min(Integer.MAX_VALUE, connectTimeout);
        this.readTimeout = (int) Math.min(Integer.MAX_VALUE, readTimeout);
    }

    @Override
    public void initialize(HttpRequest request) throws IOException {
        if (credentials != null) {
            credentials.initialize(request);
        }
        request.setConnectTimeout(connectTimeout);
        request.setReadTimeout(readTimeout);
        request.setNumberOfRetries(policy.maxRetries());
        HttpUnsuccessfulResponseHandler authHandler = request.getUnsuccessfulResponseHandler();
        // one backoff per request: ExponentialBackOff keeps the attempt count
        HttpBackOffUnsuccessfulResponseHandler backoff = new HttpBackOffUnsuccessfulResponseHandler(
                new ExponentialBackOff.Builder()
                        .setInitialIntervalMillis((int) Math.min(Integer.MAX_VALUE, policy.initialDelayMillis()))
                        .setMaxIntervalMillis((int) Math.min(Integer.MAX_VALUE, policy.maxDelayMillis()))
                        .setMultiplier(2.0)
                        .setRandomizationFactor(0.2)
                        .setMaxElapsedTimeMillis(Integer.MAX_VALUE)
                        .build())
                .setBackOffRequired(response -> isRetryable(response.getStatusCode()));
        request.setUnsuccessfulResponseHandler((req, response, supportsRetry) -> {
            if (authHandler != null && authHandler.handleResponse(req, response, supportsRetry)) {
                return true;
            }
            // the method is set after initializers run, so it is checked here, per response
            return IDEMPOTENT_METHODS.contains(req.getRequestMethod())
                    && isRetryable(response.getStatusCode())
                    && backoff.handleResponse(req, response, supportsRetry);
        });
    }

    static boolean isRetryable(int status) {
        return status == 429 || status == 503;
    }

}
