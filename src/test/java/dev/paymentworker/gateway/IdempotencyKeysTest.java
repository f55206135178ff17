package dev.paymentworker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  @Test
  void keyIsTheCommandTypeAndIdSoEveryAttemptAndRedeliverySendsTheSameOne() {
    String first = IdempotencyKeys.forCommand("checkout.session.create", "cmd-42", "");
    String again = IdempotencyKeys.forCommand("checkout.session.create", "cmd-42", "");
    assertThat(first).isEqualTo("checkout.session.create:cmd-42").isEqualTo(again);
  }

  @Test
  void differentCommandsOrTypesGetDifferentKeys() {
    assertThat(IdempotencyKeys.forCommand("checkout.session.create", "cmd-1", ""))
        .isNotEqualTo(IdempotencyKeys.forCommand("checkout.session.create", "cmd-2", ""))
        .isNotEqualTo(IdempotencyKeys.forCommand("customer.create", "cmd-1", ""));
  }

  @Test
  void stepsOfAMultiStepCommandGetTheirOwnSuffix() {
    assertThat(IdempotencyKeys.forCommand("subscription.update", "cmd-1", "item"))
        .isEqualTo("subscription.update:cmd-1:item");
  }

  @Test
  void keyOverStripesLimitIsHashedAndStaysStable() {
    String longId = "x".repeat(300);
    String key = IdempotencyKeys.forCommand("checkout.session.create", longId, "");
    assertThat(key)
        .hasSizeLessThanOrEqualTo(IdempotencyKeys.MAX_LENGTH)
        .startsWith("checkout.session.create:sha256-");
    assertThat(IdempotencyKeys.forCommand("checkout.session.create", longId, "")).isEqualTo(key);
    assertThat(IdempotencyKeys.forCommand("checkout.session.create", longId + "y", ""))
        .isNotEqualTo(key);
  }
}
