package dev.paymentworker.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paymentworker.gateway.CallContext;
import dev.paymentworker.gateway.DeadlinePassedException;
import dev.paymentworker.gateway.StripeCallException;
import dev.paymentworker.gateway.StripeErrorCategory;
import dev.paymentworker.gateway.StripeFailure;
import dev.paymentworker.gateway.StripeRetry;
import dev.paymentworker.processing.customer.FindCustomer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandProcessorTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  private final List<CallContext> calls = new ArrayList<>();
  private Function<CallContext, CommandResult> behaviour = context -> new TestResult("ok");

  private final CommandProcessor processor =
      new CommandProcessor(
          FakeHandlers.all(
              context -> {
                calls.add(context);
                return behaviour.apply(context);
              }),
          new CommandCodec(),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Nested
  class Malformed {

    @Test
    void bytesThatAreNotJsonAreDeadLetteredWithoutACommand() {
      Outcome outcome = process("this is not json");
      assertThat(outcome)
          .isInstanceOfSatisfying(
              Outcome.DeadLettered.class,
              d -> {
                assertThat(d.command()).isNull();
                assertThat(d.error().category()).isEqualTo(ErrorCategory.MALFORMED);
                assertThat(d.error().code()).isEqualTo("not_json");
              });
      assertThat(calls).isEmpty();
    }

    @Test
    void jsonThatIsNotAnObjectIsDeadLettered() {
      assertThat(process("[1,2]"))
          .isInstanceOfSatisfying(
              Outcome.DeadLettered.class,
              d -> assertThat(d.error().code()).isEqualTo("not_object"));
    }

    @Test
    void anObjectWithoutCommandIdIsDeadLettered() {
      assertThat(process("{\"type\":\"customer.retrieve\",\"payload\":{}}"))
          .isInstanceOfSatisfying(
              Outcome.DeadLettered.class,
              d -> assertThat(d.error().code()).isEqualTo("missing_command_id"));
    }

    @Test
    void aCommandIdOver200CharactersIsDeadLettered() {
      String json =
          "{\"commandId\":\""
              + "x".repeat(201)
              + "\",\"type\":\"customer.retrieve\",\"payload\":{}}";
      assertThat(process(json))
          .isInstanceOfSatisfying(
              Outcome.DeadLettered.class,
              d -> assertThat(d.error().code()).isEqualTo("invalid_command_id"));
    }

    @Test
    void anEmptyRecordIsDeadLettered() {
      assertThat(processor.process(new byte[0])).isInstanceOf(Outcome.DeadLettered.class);
      assertThat(processor.process(null)).isInstanceOf(Outcome.DeadLettered.class);
    }
  }

  @Nested
  class StrictInput {

    static final String CHECKOUT =
        "{\"commandId\":\"c1\",\"type\":\"checkout.session.create\",\"payload\":{\"customerId\":\"cus_1\","
            + "\"priceId\":\"price_1\",\"quantity\":1,\"successUrl\":\"https://a.co/s\",\"cancelUrl\":\"https://a.co/c\"";

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "\"quantity\":1.5|payload.quantity",
          "\"quantity\":1.0|payload.quantity",
          "\"quantity\":1e3|payload.quantity",
          "\"quantity\":\"2\"|payload.quantity",
          "\"trialPeriodDays\":\"7\"|payload.trialPeriodDays",
          "\"allowPromotionCodes\":1|payload.allowPromotionCodes",
          "\"allowPromotionCodes\":\"true\"|payload.allowPromotionCodes",
          "\"metadata\":{\"n\":5}|payload.metadata.n",
          "\"metadata\":{\"b\":true}|payload.metadata.b",
          "\"clientReferenceId\":42|payload.clientReferenceId",
        })
    void valuesAreTakenOnlyInTheirContractType(String field, String param) {
      String json =
          CHECKOUT.replace("\"quantity\":1,", "")
              + ","
              + field
              + (field.startsWith("\"quantity") ? "" : ",\"quantity\":1")
              + "}}";
      Outcome outcome = process(json);
      assertThat(outcome)
          .as(json)
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              f -> {
                assertThat(f.error().category()).isEqualTo(ErrorCategory.VALIDATION);
                assertThat(f.error().param()).isEqualTo(param);
              });
      assertThat(calls).isEmpty();
    }

    @Test
    void aNumericCustomerIdIsRefusedNotTurnedIntoAString() {
      assertThat(
              process(
                  "{\"commandId\":\"c1\",\"type\":\"customer.retrieve\",\"payload\":{\"customerId\":12345}}"))
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              f -> assertThat(f.error().param()).isEqualTo("payload.customerId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1800000000000", "1800000000", "1.8e9"})
    void anInstantGivenAsANumberIsRefusedSinceItsUnitIsAGuess(String number) {
      assertThat(
              process(
                  "{\"commandId\":\"c1\",\"type\":\"subscription.pause\",\"payload\":{\"subscriptionId\":\"sub_1\","
                      + "\"behavior\":\"void\",\"resumesAt\":"
                      + number
                      + "}}"))
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              f -> {
                assertThat(f.error().param()).isEqualTo("payload.resumesAt");
                assertThat(f.error().message()).contains("must be a string");
              });
    }

    @Test
    void aWronglyTypedFieldIsExplainedInTheContractsWords() {
      assertThat(process(CHECKOUT + ",\"quantity\":\"2\"}}".replace(",\"quantity\":1,\"", ",\"")))
          .isInstanceOf(Outcome.class);
      Outcome outcome =
          process(
              "{\"commandId\":\"c1\",\"type\":\"customer.find\",\"payload\":{\"email\":\"a@b.co\",\"limit\":\"5\"}}");
      assertThat(outcome)
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              f ->
                  assertThat(f.error().message())
                      .isEqualTo("payload.limit: must be a whole number"));
    }

    @Test
    void aFractionalLimitIsRefused() {
      assertThat(
              process(
                  "{\"commandId\":\"c1\",\"type\":\"customer.find\",\"payload\":{\"email\":\"a@b.co\",\"limit\":1.7}}"))
          .isInstanceOfSatisfying(
              Outcome.Failed.class, f -> assertThat(f.error().param()).isEqualTo("payload.limit"));
    }

    @Test
    void duplicateKeysMakeTheRecordUnreadableRatherThanLettingOneWin() {
      assertThat(
              process(
                  "{\"commandId\":\"a\",\"commandId\":\"b\",\"type\":\"customer.retrieve\",\"payload\":{\"customerId\":\"cus_1\"}}"))
          .isInstanceOfSatisfying(
              Outcome.DeadLettered.class,
              d -> assertThat(d.error().message()).contains("Duplicate"));
      assertThat(process(CHECKOUT + ",\"quantity\":5}}")).isInstanceOf(Outcome.DeadLettered.class);
      assertThat(calls).isEmpty();
    }

    @Test
    void anUnknownEnvelopeFieldFailsSoThatATypoIsNotIgnored() {
      assertThat(
              process(
                  "{\"commandId\":\"c1\",\"type\":\"customer.retrieve\",\"deadlin\":\"2020-01-01T00:00:00Z\",\"payload\":{\"customerId\":\"cus_1\"}}"))
          .isInstanceOfSatisfying(
              Outcome.Failed.class, f -> assertThat(f.error().param()).isEqualTo("deadlin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order-77 ", "tab\tid", "new\nline", "caf\u00e9"})
    void aCommandIdThatCannotBeAnIdempotencyKeyAsIsFails(String id) {
      String json =
          "{\"commandId\":"
              + new String(
                  tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(id),
                  java.nio.charset.StandardCharsets.UTF_8)
              + ",\"type\":\"customer.retrieve\",\"payload\":{\"customerId\":\"cus_1\"}}";
      assertThat(process(json))
          .isInstanceOfSatisfying(
              Outcome.Failed.class, f -> assertThat(f.error().param()).isEqualTo("commandId"));
      assertThat(calls).isEmpty();
    }
  }

  @Nested
  class Validation {

    @Test
    void unsupportedTypeFailsNamingTheSupportedOnes() {
      Outcome outcome = process("{\"commandId\":\"c1\",\"type\":\"refund.create\",\"payload\":{}}");
      assertThat(outcome)
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              f -> {
                assertThat(f.command()).isEqualTo(new CommandRef("c1", "refund.create"));
                assertThat(f.error().category()).isEqualTo(ErrorCategory.VALIDATION);
                assertThat(f.error().param()).isEqualTo("type");
                assertThat(f.error().message())
                    .contains("checkout.session.create", "customer.find");
              });
      assertThat(calls).isEmpty();
    }

    @Test
    void missingPayloadFails() {
      assertThat(process("{\"commandId\":\"c1\",\"type\":\"customer.retrieve\"}"))
          .isInstanceOfSatisfying(
              Outcome.Failed.class, f -> assertThat(f.error().param()).isEqualTo("payload"));
    }

    @Test
    void unknownPayloadFieldFailsNamingIt() {
      assertThat(
              process(
                  "{\"commandId\":\"c1\",\"type\":\"customer.retrieve\",\"payload\":{\"customer\":\"cus_1\"}}"))
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              f -> {
                assertThat(f.error().param()).isEqualTo("payload.customer");
                assertThat(f.error().message()).contains("not a known field");
              });
    }

    @Test
    void wronglyTypedPayloadFieldFailsNamingIt() {
      assertThat(
              process(
                  "{\"commandId\":\"c1\",\"type\":\"customer.find\",\"payload\":{\"email\":\"a@b.co\",\"limit\":{\"x\":1}}}"))
          .isInstanceOfSatisfying(
              Outcome.Failed.class, f -> assertThat(f.error().param()).isEqualTo("payload.limit"));
    }

    @Test
    void badDeadlineFails() {
      assertThat(
              process(
                  "{\"commandId\":\"c1\",\"type\":\"customer.retrieve\",\"deadline\":\"tomorrow\",\"payload\":{\"customerId\":\"cus_1\"}}"))
          .isInstanceOfSatisfying(
              Outcome.Failed.class, f -> assertThat(f.error().param()).isEqualTo("deadline"));
    }

    @Test
    void headerViolationFailsTheCommandWithoutCallingStripe() {
      Outcome outcome =
          processor.process(
              bytes(
                  "{\"commandId\":\"c1\",\"type\":\"customer.retrieve\",\"payload\":{\"customerId\":\"cus_1\"}}"),
              List.of(new Violation("kafka_replyTopic header", "is not a legal Kafka topic name")));
      assertThat(outcome)
          .isInstanceOfSatisfying(
              Outcome.Failed.class,
              f -> assertThat(f.error().param()).isEqualTo("kafka_replyTopic header"));
      assertThat(calls).isEmpty();
    }
  }

  @Test
  void validCommandRunsItsHandlerWithTheCommandsContext() {
    Outcome outcome =
        process(
            "{\"commandId\":\"c1\",\"type\":\"customer.retrieve\",\"deadline\":\"2026-12-03T10:05:00Z\",\"payload\":{\"customerId\":\"cus_1\"}}");
    assertThat(outcome)
        .isEqualTo(
            new Outcome.Succeeded(new CommandRef("c1", "customer.retrieve"), new TestResult("ok")));
    assertThat(calls)
        .containsExactly(
            new CallContext("customer.retrieve", "c1", Instant.parse("2026-12-03T10:05:00Z"), NOW));
  }

  @Test
  void passedDeadlineExpiresTheCommandWithoutCallingStripe() {
    Outcome outcome =
        process(
            "{\"commandId\":\"c1\",\"type\":\"customer.retrieve\",\"deadline\":\"2026-12-03T09:59:59Z\",\"payload\":{\"customerId\":\"cus_1\"}}");
    assertThat(outcome)
        .isInstanceOfSatisfying(
            Outcome.Expired.class, e -> assertThat(e.error().code()).isEqualTo("deadline_passed"));
    assertThat(calls).isEmpty();
  }

  @Test
  void stripeRefusalIsAFailedOutcome() {
    behaviour =
        context -> {
          throw failure(StripeErrorCategory.NOT_FOUND, false, false);
        };
    assertThat(process(retrieve()))
        .isInstanceOfSatisfying(
            Outcome.Failed.class,
            f -> assertThat(f.error().category()).isEqualTo(ErrorCategory.NOT_FOUND));
  }

  @Test
  void exhaustedTransientFailureIsDeadLetteredAndSaysWhetherItIsIndeterminate() {
    behaviour =
        context -> {
          throw failure(StripeErrorCategory.API_ERROR, true, true);
        };
    assertThat(process(retrieve()))
        .isInstanceOfSatisfying(
            Outcome.DeadLettered.class,
            d -> {
              assertThat(d.command()).isEqualTo(new CommandRef("c1", "customer.retrieve"));
              assertThat(d.error().attempts()).isEqualTo(4);
              assertThat(d.error().indeterminate()).isTrue();
              assertThat(d.reason())
                  .startsWith("retries exhausted after 4 attempts: api_error (HTTP 500)")
                  .contains("indeterminate");
            });
  }

  @Test
  void aFailureStripeSaysNotToRetryIsStillDeadLetteredWhenItIsIndeterminate() {
    behaviour =
        context -> {
          throw failure(StripeErrorCategory.API_ERROR, false, true);
        };
    assertThat(process(retrieve()))
        .isInstanceOfSatisfying(
            Outcome.DeadLettered.class,
            d -> assertThat(d.reason()).startsWith("not retryable after 4 attempts"));
  }

  @Test
  void aDeadlineTheRateLimitWouldOutlastExpiresTheCommandAndSaysSo() {
    Instant deadline = Instant.parse("2026-12-03T10:00:01Z");
    behaviour =
        context -> {
          throw DeadlinePassedException.beforeRateLimitAllowsCall(deadline);
        };
    assertThat(process(retrieve()))
        .isInstanceOfSatisfying(
            Outcome.Expired.class,
            e -> {
              assertThat(e.error().code()).isEqualTo("deadline_passed");
              assertThat(e.error().message())
                  .isEqualTo(
                      "the command's deadline 2026-12-03T10:00:01Z would pass before the worker's"
                          + " Stripe rate limit let its next call go out; no Stripe call was"
                          + " started after it");
            });
  }

  @Test
  void aCallTheRateLimitHadNoRoomForWithinTheBudgetIsDeadLetteredAsRateLimited() {
    behaviour =
        context -> {
          throw new StripeCallException(
              new StripeFailure(
                  StripeErrorCategory.RATE_LIMITED,
                  true,
                  StripeRetry.WORKER_RATE_LIMIT_CODE,
                  "the worker's Stripe rate limit had no room",
                  null,
                  null,
                  null,
                  null,
                  false,
                  0),
              null);
        };
    assertThat(process(retrieve()))
        .isInstanceOfSatisfying(
            Outcome.DeadLettered.class,
            d -> {
              assertThat(d.error().category()).isEqualTo(ErrorCategory.RATE_LIMITED);
              assertThat(d.error().code()).isEqualTo("worker_rate_limit");
              assertThat(d.error().retryable()).isTrue();
              assertThat(d.error().attempts()).isZero();
              assertThat(d.error().indeterminate()).isNull();
              assertThat(d.reason())
                  .isEqualTo(
                      "not sent within the time budget: rate_limited - the worker's Stripe rate"
                          + " limit had no room");
            });
  }

  @Test
  void unexpectedHandlerBugIsDeadLetteredNotRethrown() {
    behaviour =
        context -> {
          throw new IllegalStateException("bug");
        };
    assertThat(process(retrieve()))
        .isInstanceOfSatisfying(
            Outcome.DeadLettered.class,
            d -> assertThat(d.error().code()).isEqualTo("worker_error"));
  }

  @Test
  void everyCommandTypeNeedsExactlyOneHandler() {
    assertThatThrownBy(
            () ->
                new CommandProcessor(
                    List.of(
                        FakeHandlers.of(
                            CommandType.CUSTOMER_FIND,
                            FindCustomer.class,
                            context -> new TestResult("x"))),
                    new CommandCodec(),
                    Clock.systemUTC()))
        .hasMessageContaining("no handler for checkout.session.create");
  }

  private static String retrieve() {
    return "{\"commandId\":\"c1\",\"type\":\"customer.retrieve\",\"payload\":{\"customerId\":\"cus_1\"}}";
  }

  private Outcome process(String json) {
    return processor.process(bytes(json));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static StripeCallException failure(
      StripeErrorCategory category, boolean retryable, boolean indeterminate) {
    return new StripeCallException(
        new StripeFailure(
            category,
            retryable,
            "code",
            "Stripe said no",
            null,
            null,
            "req_1",
            500,
            indeterminate,
            4),
        null);
  }

  record TestResult(String value) implements CommandResult {}
}
