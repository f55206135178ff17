package dev.paymentworker.config;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Backoff for retryable Stripe failures (connection errors, 429, 409, 5xx, unparseable responses).
 * A command stops retrying at whichever comes first: {@link #maxAttempts()}, {@link #timeBudget()}
 * or the command's own deadline.
 *
 * @param maxAttempts attempts per Stripe call, the first one included
 * @param initialInterval backoff before the second attempt (before jitter)
 * @param multiplier growth of the backoff per attempt
 * @param maxInterval upper bound of one backoff
 * @param timeBudget no retry starts once this much time has passed since the command began (its
 *     Stripe calls share the budget); keep it far below {@code max.poll.interval.ms} (checked at
 *     startup)
 */
@Validated
@ConfigurationProperties("worker.retry")
public record RetryProperties(
    @DefaultValue("4") @Min(1) int maxAttempts,
    @DefaultValue("200ms") Duration initialInterval,
    @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
    @DefaultValue("2s") Duration maxInterval,
    @DefaultValue("30s") Duration timeBudget) {}
