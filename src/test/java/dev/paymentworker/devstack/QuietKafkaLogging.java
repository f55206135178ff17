package dev.paymentworker.devstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Turns Kafka's own loggers (broker and clients) down to warnings while a test runs a broker in its
 * JVM: each broker start logs well over a thousand INFO lines, which would bury the build output.
 * Closing puts the previous levels back for the tests that share the JVM.
 */
public final class QuietKafkaLogging implements AutoCloseable {

  private static final List<String> KAFKA_LOGGERS =
      List.of("kafka", "org.apache.kafka", "state.change.logger");

  private final Map<String, @Nullable Level> levelsBefore = new HashMap<>();

  private QuietKafkaLogging() {}

  /** Sets Kafka's loggers to WARN until {@link #close()}. */
  public static QuietKafkaLogging start() {
    QuietKafkaLogging quiet = new QuietKafkaLogging();
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      for (String name : KAFKA_LOGGERS) {
        Logger logger = context.getLogger(name);
        quiet.levelsBefore.put(name, logger.getLevel());
        logger.setLevel(Level.WARN);
      }
    }
    return quiet;
  }

  @Override
  public void close() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      levelsBefore.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
  }
}
