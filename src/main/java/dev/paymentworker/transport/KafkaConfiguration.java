package dev.paymentworker.transport;

import dev.paymentworker.config.RetryProperties;
import dev.paymentworker.config.StripeProperties;
import dev.paymentworker.config.TopicsProperties;
import dev.paymentworker.processing.CommandCodec;
import dev.paymentworker.processing.CommandHandler;
import dev.paymentworker.processing.CommandProcessor;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The Kafka side: topics, the listener, reply publishing, and spring-kafka's error handler with its
 * dead-letter recoverer.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

  /**
   * How long to wait for a reply or dead-letter publish: longer than the producer's own
   * max.block.ms plus delivery.timeout.ms (application.yml), so that a send we stop waiting for has
   * really failed and cannot still arrive beside the fallback reply.
   */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(35);

  @Bean
  KafkaAdmin.NewTopics workerTopics(TopicsProperties topics) {
    if (!topics.create()) {
      return new KafkaAdmin.NewTopics();
    }
    return new KafkaAdmin.NewTopics(
        topic(topics.commands(), topics),
        topic(topics.replies(), topics),
        topic(topics.deadLetter(), topics));
  }

  private static NewTopic topic(String name, TopicsProperties topics) {
    return TopicBuilder.name(name)
        .partitions(topics.partitions())
        .replicas(topics.replicationFactor())
        .build();
  }

  @Bean
  ReplyPublisher replyPublisher(
      KafkaTemplate<byte[], byte[]> template, CommandCodec codec, TopicsProperties topics) {
    return new ReplyPublisher(template, codec, Clock.systemUTC(), SEND_TIMEOUT, topics.replies());
  }

  @Bean
  CommandListener commandListener(
      CommandProcessor processor,
      ReplyPublisher replies,
      TopicsProperties topics,
      KafkaProperties kafka,
      RetryProperties retry,
      StripeProperties stripe) {
    checkPollBudget(kafka, retry, stripe);
    return new CommandListener(processor, replies, topics);
  }

  /**
   * spring-kafka's error handler, picked up by Boot's listener container factory. A {@link
   * DeadLetterException} goes straight to the dead-letter recoverer. Anything else (a reply that
   * could not be published) is tried again a few times with backoff, then dead-lettered, so that no
   * record blocks its partition for ever.
   */
  @Bean
  DefaultErrorHandler kafkaErrorHandler(
      KafkaTemplate<byte[], byte[]> template, TopicsProperties topics, ReplyPublisher replies) {
    DeadLetterPublishingRecoverer deadLetters =
        new DeadLetterPublishingRecoverer(
            template, (record, exception) -> new TopicPartition(topics.deadLetter(), -1));
    // Replaying a dead letter must not grow its headers: keep the first original-record headers
    // and only the latest exception headers.
    deadLetters.setAppendOriginalHeaders(false);
    deadLetters.setStripPreviousExceptionHeaders(true);
    // A stack trace adds kilobytes to every dead letter and says less than the one-line reason.
    deadLetters.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
    deadLetters.setWaitForSendResultTimeout(SEND_TIMEOUT);
    ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(6);
    backOff.setInitialInterval(500);
    backOff.setMultiplier(2.0);
    backOff.setMaxInterval(10_000);
    DefaultErrorHandler handler =
        new DefaultErrorHandler(
            new DeadLetterRecoverer(deadLetters, replies, maxRequestSize(template)), backOff);
    handler.addNotRetryableExceptions(DeadLetterException.class);
    return handler;
  }

  /**
   * A listener that spends longer than {@code max.poll.interval.ms} on one poll's records is thrown
   * out of the group and its records are redelivered, again and again (a rebalance storm). Refuse
   * to start with settings that allow it.
   */
  static void checkPollBudget(
      KafkaProperties kafka, RetryProperties retry, StripeProperties stripe) {
    Map<String, Object> consumer = kafka.buildConsumerProperties();
    long records = asLong(consumer.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 500);
    long interval = asLong(consumer.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 300_000);
    // After the command's time budget no retry starts, but each later call still makes its first
    // attempt (a read, then the write), so each call's timeouts count.
    Duration perCommand =
        retry
            .timeBudget()
            .plus(retry.maxInterval())
            .plus(
                stripe
                    .connectTimeout()
                    .plus(stripe.readTimeout())
                    .multipliedBy(CommandHandler.MAX_STRIPE_CALLS))
            // the reply, and its fallback to the default reply topic
            .plus(SEND_TIMEOUT.multipliedBy(2));
    long worstCase = records * perCommand.toMillis();
    if (worstCase >= interval) {
      throw new IllegalStateException(
          String.format(
              "max.poll.records (%d) x worst-case time per command (%d ms: retry time-budget +"
                  + " max-interval + 3 x Stripe connect and read timeouts + two reply sends) = %d ms,"
                  + " which is not below"
                  + " max.poll.interval.ms (%d ms). Lower spring.kafka.consumer.max-poll-records or"
                  + " worker.retry.time-budget, or raise max.poll.interval.ms.",
              records, perCommand.toMillis(), worstCase, interval));
    }
  }

  private static int maxRequestSize(KafkaTemplate<byte[], byte[]> template) {
    Object configured =
        template
            .getProducerFactory()
            .getConfigurationProperties()
            .get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    return (int) asLong(configured, 1_048_576);
  }

  private static long asLong(@Nullable Object value, long fallback) {
    return value == null ? fallback : Long.parseLong(value.toString());
  }

  @EventListener(ApplicationReadyEvent.class)
  void describe(ApplicationReadyEvent event) {
    TopicsProperties topics = event.getApplicationContext().getBean(TopicsProperties.class);
    KafkaProperties kafka = event.getApplicationContext().getBean(KafkaProperties.class);
    log.info(
        "Consuming {} from {} as group {}; replies to {} (or the kafka_replyTopic header);"
            + " dead letters to {}",
        topics.commands(),
        String.join(",", kafka.getBootstrapServers()),
        kafka.getConsumer().getGroupId(),
        topics.replies(),
        topics.deadLetter());
  }
}
