package dev.paymentworker.transport;

import dev.paymentworker.config.EngineProperties;
import dev.paymentworker.config.RetryProperties;
import dev.paymentworker.config.StripeProperties;
import dev.paymentworker.config.TopicsProperties;
import dev.paymentworker.processing.CommandCodec;
import dev.paymentworker.processing.CommandHandler;
import dev.paymentworker.processing.CommandProcessor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultTransactionIdSuffixStrategy;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * The Kafka side: topics, transactional producers, the batch listener and its engine, and the
 * outcome transaction with spring-kafka's dead-letter recoverer.
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

  /** Time allowed for a poll's outcome transaction: a try, and one with redirected replies. */
  static final Duration PUBLISH_ALLOWANCE = SEND_TIMEOUT.multipliedBy(2);

  /** Kept free of work in every poll interval. */
  static final Duration MARGIN = Duration.ofSeconds(10);

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

  /**
   * Makes Boot's producer factory transactional. Transactional ids are {@code
   * payment-command-worker.<instance-id>.<n>} with n below the listener concurrency, reused across
   * restarts (so a restarted instance aborts whatever its predecessor left open) and different
   * between instances.
   */
  @Bean
  DefaultKafkaProducerFactoryCustomizer transactionalProducers(
      EngineProperties engine, KafkaProperties kafka, Environment environment) {
    String prefix = transactionIdPrefix(engine, environment);
    int consumers = consumers(kafka);
    return factory -> {
      factory.setTransactionIdPrefix(prefix);
      factory.setTransactionIdSuffixStrategy(new DefaultTransactionIdSuffixStrategy(consumers));
    };
  }

  static String transactionIdPrefix(EngineProperties engine, Environment environment) {
    String instance = engine.instanceId();
    if (instance == null || instance.isBlank()) {
      String port = environment.getProperty("server.port", "8080");
      // Two instances on one host need different ports, unless the port is chosen at random;
      // then only a random part keeps their transactional ids apart.
      instance =
          hostName()
              + "-"
              + ("0".equals(port) ? UUID.randomUUID().toString().substring(0, 8) : port);
    }
    return "payment-command-worker." + instance + ".";
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static int consumers(KafkaProperties kafka) {
    Integer concurrency = kafka.getListener().getConcurrency();
    return concurrency == null ? 1 : concurrency;
  }

  @Bean
  TransactionFencing transactionFencing(
      ProducerFactory<byte[], byte[]> producers, KafkaProperties kafka) {
    return new TransactionFencing(producers, consumers(kafka));
  }

  @Bean(destroyMethod = "close")
  ReplyTopics replyTopics(KafkaAdmin admin) {
    return new ReplyTopics(Admin.create(admin.getConfigurationProperties()));
  }

  @Bean
  OutcomeTransaction outcomeTransaction(
      KafkaTemplate<byte[], byte[]> template,
      CommandCodec codec,
      TopicsProperties topics,
      ReplyTopics replyTopics) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            template, (record, exception) -> new TopicPartition(topics.deadLetter(), -1));
    // Replaying a dead letter must not grow its headers: keep the first original-record headers
    // and only the latest exception headers.
    recoverer.setAppendOriginalHeaders(false);
    recoverer.setStripPreviousExceptionHeaders(true);
    // A stack trace adds kilobytes to every dead letter and says less than the one-line reason.
    recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
    recoverer.setWaitForSendResultTimeout(SEND_TIMEOUT);
    return new OutcomeTransaction(
        template,
        new ReplyRecords(codec, Clock.systemUTC(), topics.replies()),
        new DeadLetterRecords(recoverer, maxRequestSize(template)),
        replyTopics,
        PUBLISH_ALLOWANCE);
  }

  @Bean(destroyMethod = "close")
  CommandEngine commandEngine(
      CommandProcessor processor,
      TopicsProperties topics,
      EngineProperties engine,
      KafkaProperties kafka,
      RetryProperties retry,
      StripeProperties stripe,
      Environment environment) {
    checkShutdownPhase(engine, environment);
    checkConcurrencyAgainstRateLimit(engine, stripe, retry);
    return new CommandEngine(processor, topics, engine, startWindow(kafka, retry, stripe));
  }

  /**
   * Commands in progress take turns at the Stripe rate limit: with {@code concurrency} of them, the
   * last waits about {@code concurrency / rate} seconds for its token. Beyond the time budget it
   * gets none and is dead-lettered, so a burst would dead-letter commands that only had to wait.
   */
  static void checkConcurrencyAgainstRateLimit(
      EngineProperties engine, StripeProperties stripe, RetryProperties retry) {
    int rate = stripe.effectiveRateLimit();
    if (rate == 0 || engine.mode() == EngineProperties.Mode.SEQUENTIAL) {
      return;
    }
    double waitSeconds = (double) engine.concurrency() / rate;
    if (waitSeconds * 1000 >= retry.timeBudget().toMillis() / 2.0) {
      throw new IllegalStateException(
          String.format(
              java.util.Locale.ROOT,
              "worker.engine.concurrency (%d) at worker.stripe.rate-limit (%d calls/s) makes a"
                  + " command wait up to %.1f s for its Stripe call, not below half of"
                  + " worker.retry.time-budget (%d ms): a burst would dead-letter commands that"
                  + " only had to wait. Lower the concurrency (at most %d) or raise the budget.",
              engine.concurrency(),
              rate,
              waitSeconds,
              retry.timeBudget().toMillis(),
              (int) (rate * retry.timeBudget().toMillis() / 2000)));
    }
  }

  /**
   * Spring stops the listener containers within {@code spring.lifecycle.timeout-per-shutdown-phase}
   * and then closes the producers: that must leave time for the commands in progress and for their
   * outcome transaction.
   */
  static void checkShutdownPhase(EngineProperties engine, Environment environment) {
    Duration phase =
        Binder.get(environment)
            .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
            .orElseGet(() -> Duration.ofSeconds(30));
    Duration needed = engine.shutdownTimeout().plus(PUBLISH_ALLOWANCE);
    if (phase.compareTo(needed) < 0) {
      throw new IllegalStateException(
          String.format(
              "spring.lifecycle.timeout-per-shutdown-phase (%s) must be at least"
                  + " worker.engine.shutdown-timeout (%s) + %s for the outcome transaction",
              phase, engine.shutdownTimeout(), PUBLISH_ALLOWANCE));
    }
  }

  @Bean
  CommandBatchListener commandListener(
      CommandEngine engine, OutcomeTransaction transaction, TopicsProperties topics) {
    return new CommandBatchListener(engine, transaction, topics);
  }

  /** Worst-case time one command can take once started. */
  static Duration worstCasePerCommand(RetryProperties retry, StripeProperties stripe) {
    // After the command's time budget no retry starts, but each later call still makes its first
    // attempt (a read, then the write), so each call's timeouts count.
    return retry
        .timeBudget()
        .plus(retry.maxInterval())
        .plus(
            stripe
                .connectTimeout()
                .plus(stripe.readTimeout())
                .multipliedBy(CommandHandler.MAX_STRIPE_CALLS));
  }

  /**
   * How long after a poll commands may still start. A listener that spends longer than {@code
   * max.poll.interval.ms} on one poll is thrown out of the group and its records are redelivered,
   * again and again (a rebalance storm); so a poll's work ends by its start window, plus the worst
   * case of a command started at its last moment, plus the transaction that publishes the outcomes.
   * Refuses to start with settings that leave no start window.
   */
  static Duration startWindow(
      KafkaProperties kafka, RetryProperties retry, StripeProperties stripe) {
    Map<String, Object> consumer = kafka.buildConsumerProperties();
    long interval = asLong(consumer.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), 300_000);
    Duration perCommand = worstCasePerCommand(retry, stripe);
    Duration window =
        Duration.ofMillis(interval).minus(perCommand).minus(PUBLISH_ALLOWANCE).minus(MARGIN);
    if (window.compareTo(MARGIN) < 0) {
      throw new IllegalStateException(
          String.format(
              "max.poll.interval.ms (%d ms) leaves no time to start commands: a started command"
                  + " can take %d ms (retry time-budget + max-interval + 3 x Stripe connect and"
                  + " read timeouts) and publishing a poll's outcomes up to %d ms. Raise"
                  + " max.poll.interval.ms or lower worker.retry.time-budget or the Stripe"
                  + " timeouts.",
              interval, perCommand.toMillis(), PUBLISH_ALLOWANCE.toMillis()));
    }
    return window;
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
    EngineProperties engine = event.getApplicationContext().getBean(EngineProperties.class);
    log.info(
        "Engine: {}{}; outcomes and offsets committed in Kafka transactions {}*",
        engine.mode().name().toLowerCase(java.util.Locale.ROOT),
        engine.mode() == EngineProperties.Mode.CONCURRENT
            ? ", up to " + engine.concurrency() + " commands at once, in order per record key"
            : ", one command at a time per consumer",
        transactionIdPrefix(engine, event.getApplicationContext().getEnvironment()));
  }
}
