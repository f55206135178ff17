package dev.paymentworker.transport;

import dev.paymentworker.config.EngineProperties;
import dev.paymentworker.config.TopicsProperties;
import dev.paymentworker.processing.CommandProcessor;
import dev.paymentworker.processing.Outcome;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Carries out the commands of one poll. In concurrent mode the records run on a {@link
 * KeyOrderedExecutor}: in parallel across (partition, record key), in offset order within one;
 * records without a key have no order to keep. In sequential mode they run one after another on the
 * consumer's thread.
 *
 * <p>No command starts after the batch's start window (so that a poll's work always ends well
 * within {@code max.poll.interval.ms}) or once shutdown has begun; on shutdown the commands in
 * progress get {@link EngineProperties#shutdownTimeout()} to finish. Commands that did not run or
 * did not finish have no outcome here, and are polled again.
 *
 * <p>As a {@link SmartLifecycle} in the last phase, the engine is told of shutdown before the
 * listener containers are stopped, so a container's stop finds the batch already winding down.
 */
class CommandEngine implements SmartLifecycle, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommandEngine.class);

  /** Stands for "not before shutdown" in {@link System#nanoTime()} arithmetic. */
  private static final long ONE_DAY_NANOS = Duration.ofDays(1).toNanos();

  private final CommandProcessor processor;
  private final TopicsProperties topics;
  private final EngineProperties engine;
  private final Duration startWindow;
  private final @Nullable KeyOrderedExecutor executor;

  private volatile boolean stopping;
  private volatile long stopRequestedAt;

  CommandEngine(
      CommandProcessor processor,
      TopicsProperties topics,
      EngineProperties engine,
      Duration startWindow) {
    this.processor = processor;
    this.topics = topics;
    this.engine = engine;
    this.startWindow = startWindow;
    this.executor =
        engine.mode() == EngineProperties.Mode.CONCURRENT
            ? new KeyOrderedExecutor(engine.concurrency())
            : null;
  }

  /**
   * Runs the batch's commands.
   *
   * @return the processed command by position in {@code records}, {@code null} where the record did
   *     not run or did not finish
   */
  List<@Nullable ProcessedCommand> run(List<ConsumerRecord<byte[], byte[]>> records)
      throws InterruptedException {
    long startBy = System.nanoTime() + startWindow.toNanos();
    BooleanSupplier mayStart = () -> !stopping && System.nanoTime() - startBy < 0;
    LongSupplier abandonAt =
        () ->
            stopping
                ? stopRequestedAt + engine.shutdownTimeout().toNanos()
                : System.nanoTime() + ONE_DAY_NANOS;
    if (executor != null) {
      return executor.run(records, CommandEngine::orderingKey, this::process, mayStart, abandonAt);
    }
    List<@Nullable ProcessedCommand> results = new ArrayList<>(records.size());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      results.add(mayStart.getAsBoolean() ? process(record) : null);
    }
    return results;
  }

  private ProcessedCommand process(ConsumerRecord<byte[], byte[]> record) {
    long started = System.nanoTime();
    ReplyTarget target = ReplyTarget.of(record.headers(), topics);
    Outcome outcome = processor.process(record.value(), target.violations());
    return new ProcessedCommand(record, target, outcome, started);
  }

  /** Records of one key in one partition keep their order; keyless records have none. */
  private static @Nullable Object orderingKey(ConsumerRecord<byte[], byte[]> record) {
    byte[] key = record.key();
    return key == null ? null : List.of(record.partition(), ByteBuffer.wrap(key));
  }

  @Override
  public void start() {
    stopping = false;
  }

  @Override
  public void stop() {
    if (!stopping) {
      stopRequestedAt = System.nanoTime();
      stopping = true;
      log.info(
          "Shutting down: no new command starts; commands in progress get up to {} to finish",
          engine.shutdownTimeout().toMillis() / 1000.0 + " s");
    }
  }

  @Override
  public boolean isRunning() {
    return !stopping;
  }

  /** Stopped first, before the listener containers (whose phase is lower). */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.close();
    }
  }
}
