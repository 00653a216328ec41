package org.dicompipe.emulator.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.DeadlineExceededException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Test side of Pub/Sub: topics, subscriptions and pulls with Google's admin clients against the emulator. */
public final class PubsubAdmin implements AutoCloseable {

    private final ManagedChannel channel;
    private final TopicAdminClient topics;
    private final SubscriptionAdminClient subscriptions;

    public PubsubAdmin(String emulatorHost) throws IOException {
        channel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
        TransportChannelProvider channels = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
        topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channels)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
        subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(channels)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    }

    /** Creates {@code projects/p/topics/t} and a pull subscription {@code projects/p/subscriptions/t-sub}. */
    public String createTopicWithSubscription(String project, String topic) {
        String topicName = "projects/" + project + "/topics/" + topic;
        String subscriptionName = "projects/" + project + "/subscriptions/" + topic + "-sub";
        topics.createTopic(topicName);
        subscriptions.createSubscription(subscriptionName, topicName, PushConfig.getDefaultInstance(), 60);
        return subscriptionName;
    }

    /**
     * Pulls and acknowledges until {@code count} messages arrived or {@code deadline} passed, and returns what arrived:
     * fewer than {@code count} when the deadline passed, so the caller's size assertion fails rather than waits. The
     * emulator holds a pull open for about a minute while nothing comes, so a pull still open at the deadline is
     * cancelled there.
     */
    public List<PubsubMessage> pull(String subscriptionName, int count, Duration deadline) {
        List<PubsubMessage> received = new ArrayList<>();
        long end = System.nanoTime() + deadline.toNanos();
        while (received.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            ApiFuture<PullResponse> call = subscriptions.pullCallable().futureCall(PullRequest.newBuilder()
                    .setSubscription(subscriptionName).setMaxMessages(count - received.size()).build());
            PullResponse response;
            try {
                response = call.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                call.cancel(true);
                break;
            } catch (InterruptedException e) {
                call.cancel(true);
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof DeadlineExceededException) {
                    continue; // the client's own per-call timeout, shorter than ours: pull again
                }
                throw new IllegalStateException("pull from " + subscriptionName + " failed", e.getCause());
            }
            List<String> ackIds = new ArrayList<>();
            for (ReceivedMessage message : response.getReceivedMessagesList()) {
                received.add(message.getMessage());
                ackIds.add(message.getAckId());
            }
            if (!ackIds.isEmpty()) {
                subscriptions.acknowledge(subscriptionName, ackIds);
            }
        }
        return received;
    }

    /** Everything currently waiting, returned right away (possibly nothing). */
    public List<PubsubMessage> drain(String subscriptionName) {
        List<PubsubMessage> received = new ArrayList<>();
        PullResponse response = subscriptions.pull(PullRequest.newBuilder()
                .setSubscription(subscriptionName).setReturnImmediately(true).setMaxMessages(100).build());
        List<String> ackIds = new ArrayList<>();
        for (ReceivedMessage message : response.getReceivedMessagesList()) {
            received.add(message.getMessage());
            ackIds.add(message.getAckId());
        }
        if (!ackIds.isEmpty()) {
            subscriptions.acknowledge(subscriptionName, ackIds);
        }
        return received;
    }

    @Override
    public void close() throws InterruptedException {
        topics.close();
        subscriptions.close();
        channel.shutdown();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        channel.shutdownNow();
    }
}
