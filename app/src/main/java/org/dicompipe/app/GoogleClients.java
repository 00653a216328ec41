package org.dicompipe.app;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Google's clients, either for Google Cloud (Application Default Credentials) or for the local emulators
 * ({@code emulatorUrl} / {@code pubsubHost} set: that host, no credentials).
 */
public final class GoogleClients implements AutoCloseable {

    private final String projectId;
    private final String emulatorUrl;
    private final String pubsubHost;
    private ManagedChannel pubsubChannel;
    private TopicAdminClient topics;
    private SubscriptionAdminClient subscriptions;

    public GoogleClients(String projectId, String emulatorUrl, String pubsubHost) {
        this.projectId = projectId;
        this.emulatorUrl = blankToNull(emulatorUrl);
        this.pubsubHost = blankToNull(pubsubHost);
    }

    public Storage storage() {
        StorageOptions.Builder builder = StorageOptions.newBuilder().setProjectId(projectId);
        if (emulatorUrl != null) {
            builder.setHost(trimSlash(emulatorUrl)).setCredentials(NoCredentials.getInstance());
        }
        return builder.build().getService();
    }

    public BigQuery bigQuery() {
        BigQueryOptions.Builder builder = BigQueryOptions.newBuilder().setProjectId(projectId);
        if (emulatorUrl != null) {
            builder.setHost(trimSlash(emulatorUrl)).setCredentials(NoCredentials.getInstance());
        }
        return builder.build().getService();
    }

    public synchronized TopicAdminClient topics() throws IOException {
        if (topics == null) {
            TopicAdminSettings.Builder settings = TopicAdminSettings.newBuilder();
            if (pubsubHost != null) {
                settings.setTransportChannelProvider(emulatorChannel()).setCredentialsProvider(noCredentials());
            }
            topics = TopicAdminClient.create(settings.build());
        }
        return topics;
    }

    public synchronized SubscriptionAdminClient subscriptions() throws IOException {
        if (subscriptions == null) {
            SubscriptionAdminSettings.Builder settings = SubscriptionAdminSettings.newBuilder();
            if (pubsubHost != null) {
                settings.setTransportChannelProvider(emulatorChannel()).setCredentialsProvider(noCredentials());
            }
            subscriptions = SubscriptionAdminClient.create(settings.build());
        }
        return subscriptions;
    }

    private TransportChannelProvider emulatorChannel() {
        if (pubsubChannel == null) {
            pubsubChannel = ManagedChannelBuilder.forTarget(pubsubHost).usePlaintext().build();
        }
        return FixedTransportChannelProvider.create(GrpcTransportChannel.create(pubsubChannel));
    }

    private static CredentialsProvider noCredentials() {
        return NoCredentialsProvider.create();
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (topics != null) {
            topics.close();
        }
        if (subscriptions != null) {
            subscriptions.close();
        }
        if (pubsubChannel != null) {
            pubsubChannel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
