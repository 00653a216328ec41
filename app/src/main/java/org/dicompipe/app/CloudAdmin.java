package org.dicompipe.app;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.services.healthcare.v1.CloudHealthcare;
import com.google.api.services.healthcare.v1.model.Dataset;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Notification;
import com.google.cloud.storage.NotificationInfo;
import com.google.cloud.storage.Storage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import java.io.IOException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.dicompipe.camel.dicomstore.DicomStoreComponent;
import org.dicompipe.camel.dicomstore.DicomStoreConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioning steps no Camel component offers (Healthcare datasets, Pub/Sub topics and subscriptions,
 * bucket notifications, BigQuery datasets), each "create if missing", so provision can run any number of times.
 * Registered as bean {@code cloud}; the same calls work on Google Cloud and on the emulators.
 */
public final class CloudAdmin implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(CloudAdmin.class);

    private final GoogleClients clients;
    private final Storage storage;
    private final BigQuery bigQuery;
    private CamelContext camelContext;

    public CloudAdmin(GoogleClients clients, Storage storage, BigQuery bigQuery) {
        this.clients = clients;
        this.storage = storage;
        this.bigQuery = bigQuery;
    }

    public void ensureHealthcareDataset(String project, String location, String dataset) throws IOException {
        CloudHealthcare healthcare = DicomStoreConnectionFactory.create(camelContext,
                camelContext.getComponent("dicomstore", DicomStoreComponent.class).getConfiguration());
        String parent = "projects/" + project + "/locations/" + location;
        try {
            healthcare.projects().locations().datasets().get(parent + "/datasets/" + dataset).execute();
        } catch (com.google.api.client.googleapis.json.GoogleJsonResponseException e) {
            if (e.getStatusCode() != 404) {
                throw e;
            }
            healthcare.projects().locations().datasets().create(parent, new Dataset()).setDatasetId(dataset).execute();
            LOG.info("created dataset {}/datasets/{}", parent, dataset);
        }
    }

    public void ensureTopic(String project, String topic) throws IOException {
        try {
            clients.topics().createTopic(TopicName.of(project, topic));
            LOG.info("created topic {}", topic);
        } catch (AlreadyExistsException exists) {
            // provisioned before
        }
    }

    public void ensureSubscription(String project, String subscription, String topic, int ackDeadlineSeconds)
            throws IOException {
        try {
            clients.subscriptions().createSubscription(SubscriptionName.of(project, subscription),
                    TopicName.of(project, topic), PushConfig.getDefaultInstance(), ackDeadlineSeconds);
            LOG.info("created subscription {} on {}", subscription, topic);
        } catch (AlreadyExistsException exists) {
            // provisioned before
        }
    }

    public void ensureBucket(String bucket) {
        if (storage.get(bucket) == null) {
            storage.create(BucketInfo.of(bucket));
            LOG.info("created bucket {}", bucket);
        }
    }

    /** OBJECT_FINALIZE of objects under {@code prefix} published (JSON_API_V1) to the topic. */
    public void ensureBucketNotification(String bucket, String project, String topic, String prefix) {
        String topicName = "projects/" + project + "/topics/" + topic;
        for (Notification n : storage.listNotifications(bucket)) {
            if (n.getTopic().endsWith(topicName) && prefix.equals(n.getObjectNamePrefix())) {
                return;
            }
        }
        storage.createNotification(bucket, NotificationInfo.newBuilder(topicName)
                .setPayloadFormat(NotificationInfo.PayloadFormat.JSON_API_V1)
                .setEventTypes(NotificationInfo.EventType.OBJECT_FINALIZE)
                .setObjectNamePrefix(prefix)
                .build());
        LOG.info("bucket {} notifies {} of new objects under {}", bucket, topic, prefix);
    }

    public void ensureBigQueryDataset(String project, String dataset) {
        DatasetId id = DatasetId.of(project, dataset);
        if (bigQuery.getDataset(id) == null) {
            try {
                bigQuery.create(DatasetInfo.newBuilder(id).build());
                LOG.info("created BigQuery dataset {}.{}", project, dataset);
            } catch (com.google.cloud.bigquery.BigQueryException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    /** Whether a subscription exists (used by health reporting and tests). */
    public boolean subscriptionExists(String project, String subscription) throws IOException {
        try {
            clients.subscriptions().getSubscription(SubscriptionName.of(project, subscription));
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
