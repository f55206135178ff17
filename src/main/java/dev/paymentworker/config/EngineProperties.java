package dev.paymentworker.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the commands of one poll are carried out and committed.
 *
 * @param mode {@link Mode#CONCURRENT}: a poll's records run in parallel across record keys and in
 *     order within a key; {@link Mode#SEQUENTIAL}: one record at a time per consumer (so one per
 *     partition), the baseline the benchmark compares against
 * @param concurrency commands in progress at once in the whole instance (concurrent mode)
 * @param shutdownTimeout on shutdown, how long commands already started may take to finish; those
 *     that do not are abandoned uncommitted and carried out again (same idempotency keys) after a
 *     restart
 * @param instanceId names this instance in its Kafka transactional ids; must differ between
 *     instances that run at the same time and stay the same across restarts of one instance (so
 *     that a restart aborts the transactions its predecessor left open). Blank: host name and
 *     server port (and a random part when the port is 0)
 */
@Validated
@ConfigurationProperties("worker.engine")
public record EngineProperties(
    @DefaultValue("concurrent") @NotNull Mode mode,
    @DefaultValue("64") @Min(1) @Max(1024) int concurrency,
    @DefaultValue("30s") Duration shutdownTimeout,
    @Pattern(regexp = "[A-Za-z0-9._-]{0,100}") @Nullable String instanceId) {

  /** How the records of a poll are scheduled. */
  public enum Mode {
    CONCURRENT,
    SEQUENTIAL
  }
}
