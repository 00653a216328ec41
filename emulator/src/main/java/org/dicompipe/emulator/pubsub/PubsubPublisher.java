package org.dicompipe.emulator.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the emulator's notifications (Cloud Storage object changes, DICOM store changes) to the Pub/Sub
 * emulator with the official {@link Publisher}, one cached per topic. Publishing is best effort: a failure
 * is logged and reported through the returned future, never thrown into the request that caused it.
 */
public final class PubsubPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PubsubPublisher.class);

    /**
     * A local emulator that does not answer within 10 s (the shortest total timeout Publisher accepts) is down: give
     * up then (the failure is logged) instead of the client's default of retrying for minutes, which would also hold
     * up {@link #close()}.
     */
    private static final RetrySettings RETRIES = RetrySettings.newBuilder()
            .setInitialRetryDelayDuration(java.time.Duration.ofMillis(100)).setRetryDelayMultiplier(2)
            .setMaxRetryDelayDuration(java.time.Duration.ofSeconds(1))
            .setInitialRpcTimeoutDuration(java.time.Duration.ofSeconds(5)).setRpcTimeoutMultiplier(1)
            .setMaxRpcTimeoutDuration(java.time.Duration.ofSeconds(5))
            .setTotalTimeoutDuration(java.time.Duration.ofSeconds(10)).build();

    private final String emulatorHost;
    private final ManagedChannel channel;
    private final TransportChannelProvider channelProvider;
    private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param emulatorHost {@code host:port} of the Pub/Sub emulator ({@code PUBSUB_EMULATOR_HOST}); null or blank
     *                     makes a publisher that drops every message with a WARN
     */
    public PubsubPublisher(String emulatorHost) {
        this.emulatorHost = emulatorHost == null || emulatorHost.isBlank() ? null : emulatorHost.trim();
        if (this.emulatorHost == null) {
            this.channel = null;
            this.channelProvider = null;
        } else {
            this.channel = ManagedChannelBuilder.forTarget(this.emulatorHost).usePlaintext().build();
            this.channelProvider = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
        }
    }

    /** True when messages go to an emulator, false when they are dropped. */
    public boolean isEnabled() {
        return emulatorHost != null;
    }

    public String emulatorHost() {
        return emulatorHost;
    }

    /**
     * Publishes one message.
     *
     * @param topicName  {@code projects/{project}/topics/{topic}}
     * @return completes with the message id, or exceptionally when the message could not be published
     */
    public CompletableFuture<String> publish(String topicName, byte[] data, Map<String, String> attributes) {
        CompletableFuture<String> result = new CompletableFuture<>();
        try {
            if (emulatorHost == null) {
                throw new IllegalStateException("no Pub/Sub emulator host is configured (PUBSUB_EMULATOR_HOST)");
            }
            if (closed) {
                throw new IllegalStateException("the publisher is closed");
            }
            Publisher publisher = publishers.computeIfAbsent(topicName, this::newPublisher);
            PubsubMessage.Builder message = PubsubMessage.newBuilder().setData(ByteString.copyFrom(data));
            if (attributes != null) {
                message.putAllAttributes(attributes);
            }
            ApiFuture<String> sent = publisher.publish(message.build());
            ApiFutures.addCallback(sent, new ApiFutureCallback<>() {
                @Override
                public void onFailure(Throwable t) {
                    warn(topicName, t);
                    result.completeExceptionally(t);
                }

                @Override
                public void onSuccess(String messageId) {
                    result.complete(messageId);
                }
            }, MoreExecutors.directExecutor());
        } catch (RuntimeException e) {
            warn(topicName, e);
            result.completeExceptionally(e);
        }
        return result;
    }

    private Publisher newPublisher(String topicName) {
        try {
            return Publisher.newBuilder(TopicName.parse(topicName))
                    .setChannelProvider(channelProvider)
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .setRetrySettings(RETRIES)
                    .build();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create a publisher for " + topicName + ": " + e.getMessage(), e);
        }
    }

    private static void warn(String topicName, Throwable t) {
        // the message content may describe patient data: only the topic and the error are logged
        LOG.warn("could not publish a notification to {}: {}", topicName, t.toString());
    }

    @Override
    public void close() {
        closed = true;
        for (Publisher publisher : publishers.values()) {
            publisher.shutdown();
        }
        for (Publisher publisher : publishers.values()) {
            try {
                publisher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        publishers.clear();
        if (channel != null) {
            channel.shutdown();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.shutdownNow();
        }
    }
}
