package dev.paymentworker.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka topics the worker reads and writes.
 *
 * @param commands topic the commands are consumed from
 * @param replies default reply topic, used when a command carries no {@code kafka_replyTopic}
 *     header
 * @param deadLetter topic that receives records which cannot be processed, with spring-kafka's
 *     {@code kafka_dlt-*} diagnostic headers
 * @param create whether the worker creates the three topics at startup when they are missing
 * @param partitions partition count used when the worker creates a topic
 * @param replicationFactor replication factor used when the worker creates a topic
 */
@Validated
@ConfigurationProperties("worker.topics")
public record TopicsProperties(
    @DefaultValue("payments.commands") @Pattern(regexp = TopicsProperties.TOPIC_NAME)
        String commands,
    @DefaultValue("payments.replies") @Pattern(regexp = TopicsProperties.TOPIC_NAME) String replies,
    @DefaultValue("payments.commands-dlt") @Pattern(regexp = TopicsProperties.TOPIC_NAME)
        String deadLetter,
    @DefaultValue("true") boolean create,
    @DefaultValue("3") @Min(1) int partitions,
    @DefaultValue("1") @Min(1) short replicationFactor) {

  /** Kafka's rule for legal topic names. */
  public static final String TOPIC_NAME = "[a-zA-Z0-9._-]{1,249}";
}
