package dev.paymentworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paymentworker.contract.ContractSchemas;
import dev.paymentworker.emulator.FaultRule;
import dev.paymentworker.emulator.JournalEntry;
import dev.paymentworker.emulator.StripeEmulator;
import dev.paymentworker.gateway.StripeRateLimit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End-to-end scenarios through the real listener: commands published to a Kafka broker, Stripe
 * played by the emulator, outcomes read back as an upstream service would read them. One scenario
 * set, run against two broker fixtures: spring-kafka-test's embedded KRaft broker ({@link
 * EmbeddedKafkaCommandFlowIT}) and an {@code apache/kafka} container ({@link
 * ContainerKafkaCommandFlowIT}, skipped where no Docker engine runs).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "worker.retry.max-attempts=3",
      "worker.retry.initial-interval=10ms",
      "worker.retry.max-interval=50ms",
      "worker.retry.time-budget=5s",
      "worker.stripe.secret-key=sk_test_integration",
      // Far below what the worker can send here, so that the rate-limit scenario shows pacing.
      "worker.stripe.rate-limit=" + CommandFlowScenarios.RATE_LIMIT,
      // Commands waiting their turn at that limit must get it well within the 5 s budget.
      "worker.engine.concurrency=8",
      "logging.level.kafka=WARN",
      "logging.level.state.change.logger=WARN",
      "logging.level.org.apache.kafka=WARN",
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CommandFlowScenarios {

  static final String COMMANDS = "payments.commands";
  static final String REPLIES = "payments.replies";
  static final String DLT = "payments.commands-dlt";
  static final String CUSTOM_REPLIES = "billing.replies";
  static final int RATE_LIMIT = 5;

  static final StripeEmulator emulator = StripeEmulator.start(0);

  private static final JsonMapper json = JsonMapper.builder().build();

  /** The broker fixture's bootstrap servers. */
  abstract String bootstrapServers();

  @LocalServerPort int httpPort;

  @Autowired KafkaListenerEndpointRegistry listeners;

  @Autowired StripeRateLimit stripeRateLimit;

  KafkaTestClient client;

  @DynamicPropertySource
  static void stripe(DynamicPropertyRegistry registry) {
    registry.add("worker.stripe.api-base", emulator::baseUrl);
  }

  @BeforeAll
  void connect() throws Exception {
    // Created up front: a consumer does not see a topic that appears after it subscribed.
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      try {
        admin.createTopics(List.of(new NewTopic(CUSTOM_REPLIES, 3, (short) 1))).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    client = new KafkaTestClient(bootstrapServers(), List.of(REPLIES, DLT, CUSTOM_REPLIES));
  }

  @AfterEach
  void clearFaults() {
    emulator.clearFaults();
  }

  @AfterAll
  void disconnect() throws InterruptedException {
    client.close();
    emulator.close();
  }

  @Nested
  class CheckoutSessionCreate {

    @Test
    void createsASubscriptionSessionWithAKeyDerivedFromTheCommand() {
      String id = commandId();
      JsonNode reply = replyTo(send(checkout(id, "\"customerId\":\"cus_demo_alice\"")));

      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      assertThat(reply.get("commandId").asString()).isEqualTo(id);
      assertThat(reply.get("type").asString()).isEqualTo("checkout.session.create");
      JsonNode result = reply.get("result");
      assertThat(result.get("id").asString()).startsWith("cs_test_");
      assertThat(result.get("url").asString()).startsWith("https://");
      assertThat(result.get("status").asString()).isEqualTo("open");
      assertThat(Instant.parse(result.get("expiresAt").asString())).isAfter(Instant.now());
      assertThat(result.get("customerId").asString()).isEqualTo("cus_demo_alice");
      assertThat(reply.has("error")).isFalse();
      Instant.parse(reply.get("completedAt").asString());

      JournalEntry call = single(stripeCallsFor(id));
      assertThat(call.idempotencyKey()).isEqualTo("checkout.session.create:" + id);
      assertThat(call.param("mode")).isEqualTo("subscription");
      assertThat(call.param("customer")).isEqualTo("cus_demo_alice");
      assertThat(call.param("line_items[0][price]")).isEqualTo("price_demo_monthly");
      assertThat(call.param("metadata[command_id]")).isEqualTo(id);
      assertThat(call.param("subscription_data[metadata][command_id]")).isEqualTo(id);
      assertThat(call.param("subscription_data[trial_period_days]")).isEqualTo("14");
      assertThat(call.param("metadata[plan]")).isEqualTo("pro");
      assertThat(call.params().keySet()).noneMatch(k -> k.startsWith("payment_method_types"));
    }

    @Test
    void aNewCustomerIsGivenByEmail() {
      String id = commandId();
      JsonNode reply = replyTo(send(checkout(id, "\"customerEmail\":\"new.person@example.com\"")));
      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      assertThat(single(stripeCallsFor(id)).param("customer_email"))
          .isEqualTo("new.person@example.com");
    }

    @Test
    void bothCustomerIdAndEmailFailValidationWithoutCallingStripe() {
      String id = commandId();
      JsonNode reply =
          replyTo(
              send(
                  checkout(
                      id,
                      "\"customerId\":\"cus_demo_alice\",\"customerEmail\":\"a@example.com\"")));
      assertFailed(reply, "validation", "invalid_field");
      assertThat(reply.at("/error/message").asString())
          .contains("exactly one of customerId and customerEmail");
      assertThat(stripeCallsFor(id)).isEmpty();
    }

    @Test
    void anUnknownCustomerIsNotFound() {
      JsonNode reply = replyTo(send(checkout(commandId(), "\"customerId\":\"cus_nobody\"")));
      assertFailed(reply, "not_found", "resource_missing");
      assertThat(reply.at("/error/stripeRequestId").asString()).startsWith("req_");
      assertThat(reply.at("/error/param").asString()).isEqualTo("customer");
      assertThat(reply.at("/error/attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aOneTimePriceInSubscriptionModeIsAnInvalidRequest() {
      String command =
          checkout(commandId(), "\"customerId\":\"cus_demo_alice\"")
              .replace("price_demo_monthly", "price_demo_onetime");
      assertFailed(replyTo(send(command)), "invalid_request", null);
    }

    @Test
    void aCardErrorIsReportedWithItsDeclineCode() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains(id)
              .declineCode("insufficient_funds")
              .respond(402, "card_error", "card_declined", "Your card was declined."));
      JsonNode reply = replyTo(send(checkout(id, "\"customerId\":\"cus_demo_alice\"")));
      assertFailed(reply, "card_error", "card_declined");
      assertThat(reply.at("/error/declineCode").asString()).isEqualTo("insufficient_funds");
      assertThat(reply.at("/error/retryable").asBoolean()).isFalse();
    }

    @Test
    void reusingACommandIdWithOtherParametersIsAnIdempotencyConflict() {
      String id = commandId();
      assertThat(
              replyTo(send(checkout(id, "\"customerId\":\"cus_demo_alice\"")))
                  .get("status")
                  .asString())
          .isEqualTo("succeeded");
      String changed =
          checkout(id, "\"customerId\":\"cus_demo_alice\"")
              .replace("\"quantity\":1", "\"quantity\":2");
      assertFailed(replyTo(send(changed)), "idempotency_conflict", null);
    }

    @Test
    void redeliveringTheSameCommandReplaysStripesAnswerInsteadOfCreatingASecondSession() {
      String id = commandId();
      String command = checkout(id, "\"customerId\":\"cus_demo_alice\"");
      JsonNode first = replyTo(send(command));
      JsonNode second = replyTo(send(command));
      assertThat(second.at("/result/id").asString()).isEqualTo(first.at("/result/id").asString());
      List<JournalEntry> calls = stripeCallsFor(id);
      assertThat(calls).hasSize(2);
      assertThat(calls.get(1).replayed()).isTrue();
      assertThat(calls.stream().filter(c -> c.createdObjectId() != null && !c.replayed()))
          .hasSize(1);
    }

    @Test
    void anAuthenticationErrorIsNotRetried() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains(id)
              .respond(
                  401, "invalid_request_error", null, "Invalid API Key provided: sk_test_****"));
      JsonNode reply = replyTo(send(checkout(id, "\"customerId\":\"cus_demo_alice\"")));
      assertFailed(reply, "authentication", null);
      assertThat(stripeCallsFor(id)).hasSize(1);
    }

    @Test
    void aPermissionErrorIsNotRetried() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains(id)
              .respond(
                  403,
                  "invalid_request_error",
                  "secret_key_required",
                  "This key lacks the permission"));
      assertFailed(
          replyTo(send(checkout(id, "\"customerId\":\"cus_demo_alice\""))),
          "permission",
          "secret_key_required");
    }
  }

  @Nested
  class Retries {

    @Test
    void transientFailuresAreRetriedWithTheSameIdempotencyKeyUntilStripeSucceeds() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains(id)
              .times(1)
              .respond(500, "api_error", null, "An unknown error occurred"));
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions").bodyContains(id).times(1).reset());
      JsonNode reply = replyTo(send(checkout(id, "\"customerId\":\"cus_demo_alice\"")));

      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      List<JournalEntry> calls = stripeCallsFor(id);
      assertThat(calls).hasSize(3);
      assertThat(calls)
          .extracting(JournalEntry::idempotencyKey)
          .containsOnly("checkout.session.create:" + id);
      assertThat(calls).extracting(JournalEntry::fault).containsExactly("error", "reset", null);
    }

    @Test
    void exhaustedServerErrorsAreDeadLetteredAsIndeterminateWithDiagnosticHeaders() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains(id)
              .times(-1)
              .respond(500, "api_error", null, "An unknown error occurred"));
      Sent sent = send(checkout(id, "\"customerId\":\"cus_demo_alice\""));
      JsonNode reply = replyTo(sent);

      assertThat(reply.get("status").asString()).isEqualTo("dead_lettered");
      assertThat(reply.at("/error/category").asString()).isEqualTo("api_error");
      assertThat(reply.at("/error/attempts").asInt()).isEqualTo(3);
      assertThat(reply.at("/error/retryable").asBoolean()).isTrue();
      assertThat(reply.at("/error/indeterminate").asBoolean()).isTrue();
      assertThat(stripeCallsFor(id)).hasSize(3);

      ConsumerRecord<byte[], byte[]> dead =
          client.await(
              DLT, KafkaTestClient.withHeader("kafka_correlationId", sent.correlationId()));
      assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(sent.value());
      assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo(sent.key());
      assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(COMMANDS);
      assertThat(header(dead, "kafka_dlt-original-consumer-group"))
          .isEqualTo("payment-command-worker");
      assertThat(header(dead, "kafka_dlt-exception-message"))
          .isEqualTo(
              "retries exhausted after 3 attempts: api_error (HTTP 500) - An unknown error occurred"
                  + " | indeterminate: Stripe may have carried out the request; reconcile by metadata"
                  + " command_id, or re-send the same command (same idempotency key) within 24 hours");
      assertThat(header(dead, "kafka_dlt-exception-cause-fqcn")).endsWith("DeadLetterException");
      assertThat(dead.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
      assertThat(dead.headers().lastHeader("kafka_dlt-original-partition")).isNotNull();
      assertThat(dead.headers().lastHeader("kafka_dlt-original-timestamp")).isNotNull();
    }

    @Test
    void exhaustedRateLimitsAreDeadLetteredAsRateLimited() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains(id)
              .times(-1)
              .respond(429, "invalid_request_error", "rate_limit", "Request rate limit exceeded."));
      JsonNode reply = replyTo(send(checkout(id, "\"customerId\":\"cus_demo_alice\"")));
      assertThat(reply.get("status").asString()).isEqualTo("dead_lettered");
      assertThat(reply.at("/error/category").asString()).isEqualTo("rate_limited");
      assertThat(reply.has("indeterminate")).isFalse();
    }

    @Test
    void exhaustedConnectionErrorsAreDeadLetteredAsConnection() {
      emulator.addFault(FaultRule.on("GET", "/v1/customers/cus_demo_bob").times(-1).reset());
      JsonNode reply = replyTo(send(retrieve(commandId(), "cus_demo_bob")));
      assertThat(reply.get("status").asString()).isEqualTo("dead_lettered");
      assertThat(reply.at("/error/category").asString()).isEqualTo("connection");
    }

    @Test
    void aDroppedConnectionOnAPostIsRetriedOnlyBySpringRetryAndCountedAsIndeterminate() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions").bodyContains(id).times(-1).reset());
      JsonNode reply = replyTo(send(checkout(id, "\"customerId\":\"cus_demo_alice\"")));
      assertThat(reply.get("status").asString()).isEqualTo("dead_lettered");
      assertThat(reply.at("/error/category").asString()).isEqualTo("connection");
      assertThat(reply.at("/error/attempts").asInt()).isEqualTo(3);
      assertThat(reply.at("/error/indeterminate").asBoolean()).isTrue();
      // One request per attempt: the JDK's silent re-send of a POST is switched off.
      assertThat(stripeCallsFor(id)).hasSize(3);
    }

    @Test
    void aMalformedStripeResponseIsRetried() {
      emulator.addFault(FaultRule.on("GET", "/v1/customers/cus_demo_bob").times(1).malformed());
      JsonNode reply = replyTo(send(retrieve(commandId(), "cus_demo_bob")));
      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void shouldRetryFalseStopsRetriesAndAnIndeterminatePostStillGoesToTheOperator() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains(id)
              .times(-1)
              .header("Stripe-Should-Retry", "false")
              .respond(503, "api_error", null, "Try later"));
      Sent sent = send(checkout(id, "\"customerId\":\"cus_demo_alice\""));
      JsonNode reply = replyTo(sent);
      assertThat(reply.get("status").asString()).isEqualTo("dead_lettered");
      assertThat(reply.at("/error/retryable").asBoolean()).isFalse();
      assertThat(reply.at("/error/indeterminate").asBoolean()).isTrue();
      assertThat(stripeCallsFor(id)).hasSize(1);
      ConsumerRecord<byte[], byte[]> dead =
          client.await(
              DLT, KafkaTestClient.withHeader("kafka_correlationId", sent.correlationId()));
      assertThat(header(dead, "kafka_dlt-exception-message"))
          .startsWith("not retryable after 1 attempt");
    }

    @Test
    void aServerErrorStripeStoredUnderTheKeyIsNotRetriedWhenTheCommandIsSentAgain() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains(id)
              .times(1)
              .cachedUnderKey()
              .respond(500, "api_error", null, "An unknown error occurred"));
      String command = checkout(id, "\"customerId\":\"cus_demo_alice\"");
      JsonNode first = replyTo(send(command));
      assertThat(first.get("status").asString()).isEqualTo("dead_lettered");
      assertThat(first.at("/error/attempts").asInt()).isEqualTo(2);

      JsonNode again = replyTo(send(command));
      assertThat(again.get("status").asString()).isEqualTo("dead_lettered");
      assertThat(again.at("/error/attempts").asInt()).isEqualTo(1);
      assertThat(again.at("/error/retryable").asBoolean()).isFalse();
      assertThat(again.at("/error/message").asString()).contains("replayed by Stripe");
    }

    @Test
    void aSecondCopyOfACommandInFlightWaitsForTheFirstAndGetsTheSameSession() {
      String id = commandId();
      emulator.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains(id)
              .times(1)
              .delay(java.time.Duration.ofMillis(1500)));
      String command = checkout(id, "\"customerId\":\"cus_demo_alice\"");
      Sent first = send(command, "copy-a");
      Sent second = send(command, "copy-b");
      JsonNode a = replyTo(first);
      JsonNode b = replyTo(second);
      assertThat(a.get("status").asString()).isEqualTo("succeeded");
      assertThat(b.get("status").asString()).isEqualTo("succeeded");
      assertThat(b.at("/result/id").asString()).isEqualTo(a.at("/result/id").asString());
    }
  }

  @Nested
  class RateLimit {

    @Test
    void aBurstAtTheWorkersRateLimitGetsNo429FromAStripeWithTheSameLimit() {
      int perSecond = stripeRateLimit.callsPerSecond();
      assertThat(perSecond).isEqualTo(RATE_LIMIT);
      // One key, so that one worker carries out the whole burst: the bucket is per instance, and
      // the emulator stands for a Stripe account that this one worker uses.
      String key = "rate-" + UUID.randomUUID();
      // One command first, so that the burst does not start with a call that spends long in the
      // worker between its token and the emulator (loading classes on a fresh JVM): to the
      // emulator the calls behind it would look closer together than the worker sent them.
      replyTo(send(checkout(commandId(), "\"customerId\":\"cus_demo_alice\""), key));
      emulator.setRateLimit(perSecond);
      try {
        // Four seconds' worth at once: unpaced, the worker sends them within a second and the
        // emulator answers most of them with 429.
        List<String> ids = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < 4 * perSecond; i++) {
          String id = commandId();
          ids.add(id);
          sent.add(send(checkout(id, "\"customerId\":\"cus_demo_alice\""), key));
        }
        List<String> statuses =
            sent.stream().map(command -> replyTo(command).get("status").asString()).toList();
        List<JournalEntry> calls = ids.stream().flatMap(id -> stripeCallsFor(id).stream()).toList();
        assertThat(calls).extracting(JournalEntry::status).containsOnly(200);
        assertThat(calls).as("one call per command: none was retried").hasSameSizeAs(ids);
        assertThat(statuses).containsOnly("succeeded");
      } finally {
        emulator.setRateLimit(0);
      }
    }
  }

  @Nested
  class CustomerRetrieve {

    @Test
    void returnsTheCustomer() {
      JsonNode reply = replyTo(send(retrieve(commandId(), "cus_demo_alice")));
      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      assertThat(reply.at("/result/id").asString()).isEqualTo("cus_demo_alice");
      assertThat(reply.at("/result/email").asString()).isEqualTo("alice@example.com");
      assertThat(reply.at("/result/name").asString()).isEqualTo("Alice Martin");
      assertThat(reply.at("/result/deleted").asBoolean()).isFalse();
    }

    @Test
    void deletedCustomerIsASucceededReplyNotAnError() {
      JsonNode reply = replyTo(send(retrieve(commandId(), "cus_demo_carol")));
      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      assertThat(reply.at("/result/id").asString()).isEqualTo("cus_demo_carol");
      assertThat(reply.at("/result/deleted").asBoolean()).isTrue();
      assertThat(reply.at("/result").has("email")).isFalse();
    }

    @Test
    void unknownCustomerIsNotFound() {
      assertFailed(
          replyTo(send(retrieve(commandId(), "cus_unknown"))), "not_found", "resource_missing");
    }
  }

  @Nested
  class CustomerFind {

    @Test
    void listsEveryCustomerWithTheEmail() {
      JsonNode reply = replyTo(send(find(commandId(), "dana@example.com")));
      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      assertThat(reply.at("/result/customers")).hasSize(2);
      assertThat(reply.at("/result/customers/0/email").asString()).isEqualTo("dana@example.com");
      assertThat(reply.at("/result/hasMore").asBoolean()).isFalse();
      JournalEntry call =
          emulator.journal().stream()
              .filter(e -> e.method().equals("GET") && "dana@example.com".equals(e.param("email")))
              .findFirst()
              .orElseThrow();
      assertThat(call.path()).isEqualTo("/v1/customers");
    }

    @Test
    void noMatchIsAnEmptyListNotAnError() {
      JsonNode reply = replyTo(send(find(commandId(), "nobody@example.com")));
      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      assertThat(reply.at("/result/customers")).isEmpty();
    }
  }

  @Nested
  class CustomerCreate {

    @Test
    void createsTheCustomerOnceWithTheCommandIdInItsMetadata() {
      String id = commandId();
      String command =
          "{\"commandId\":\""
              + id
              + "\",\"type\":\"customer.create\",\"payload\":{"
              + "\"email\":\"grace@example.com\",\"name\":\"Grace Ito\",\"metadata\":{\"crm_id\":\"7\"}}}";
      JsonNode first = replyTo(send(command));
      assertThat(first.get("status").asString()).isEqualTo("succeeded");
      assertThat(first.at("/result/id").asString()).startsWith("cus_");
      assertThat(first.at("/result/email").asString()).isEqualTo("grace@example.com");
      assertThat(first.at("/result/metadata/command_id").asString()).isEqualTo(id);
      JsonNode again = replyTo(send(command));
      assertThat(again.at("/result/id").asString()).isEqualTo(first.at("/result/id").asString());
      List<JournalEntry> calls = stripeCallsFor(id);
      assertThat(calls)
          .extracting(JournalEntry::idempotencyKey)
          .containsOnly("customer.create:" + id);
      assertThat(calls).extracting(JournalEntry::replayed).containsExactly(false, true);
    }
  }

  @Nested
  class Subscriptions {

    @BeforeEach
    void freshSeeds() {
      emulator.reset();
    }

    @Test
    void retrieveReportsStatusItemsAndTheirPeriod() {
      JsonNode reply = replyTo(send(subscription("subscription.retrieve", "sub_demo_active", "")));
      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      assertThat(reply.at("/result/status").asString()).isEqualTo("active");
      assertThat(reply.at("/result/customerId").asString()).isEqualTo("cus_demo_alice");
      assertThat(reply.at("/result/items/0/priceId").asString()).isEqualTo("price_demo_monthly");
      assertThat(reply.at("/result/items/0/quantity").asLong()).isEqualTo(1);
      assertThat(Instant.parse(reply.at("/result/items/0/currentPeriodEnd").asString()))
          .isAfter(Instant.parse(reply.at("/result/items/0/currentPeriodStart").asString()));
      assertThat(reply.at("/result/cancelAtPeriodEnd").asBoolean()).isFalse();
      assertThat(reply.at("/result").has("pause")).isFalse();
    }

    @Test
    void anUnknownSubscriptionIsNotFound() {
      assertFailed(
          replyTo(send(subscription("subscription.retrieve", "sub_nobody", ""))),
          "not_found",
          "resource_missing");
    }

    @Test
    void listShowsTheSubscriptionsThatAreNotCanceledUnlessAStatusIsGiven() {
      JsonNode bob =
          replyTo(
              send(
                  "{\"commandId\":\""
                      + commandId()
                      + "\",\"type\":\"subscription.list\","
                      + "\"payload\":{\"customerId\":\"cus_demo_bob\"}}"));
      assertThat(bob.at("/result/subscriptions")).hasSize(2);
      JsonNode dana =
          replyTo(
              send(
                  "{\"commandId\":\""
                      + commandId()
                      + "\",\"type\":\"subscription.list\","
                      + "\"payload\":{\"customerId\":\"cus_demo_dana2\"}}"));
      assertThat(dana.at("/result/subscriptions")).isEmpty();
      JsonNode canceled =
          replyTo(
              send(
                  "{\"commandId\":\""
                      + commandId()
                      + "\",\"type\":\"subscription.list\","
                      + "\"payload\":{\"customerId\":\"cus_demo_dana2\",\"status\":\"canceled\"}}"));
      assertThat(canceled.at("/result/subscriptions/0/id").asString())
          .isEqualTo("sub_demo_canceled");
    }

    @Test
    void updateChangesTheOnlyItemWithTheCommandsKey() {
      String id = commandId();
      JsonNode reply =
          replyTo(
              send(
                  subscriptionCommand(
                      id,
                      "subscription.update",
                      "sub_demo_active",
                      ",\"quantity\":3,\"priceId\":\"price_demo_yearly\",\"prorationBehavior\":\"none\"")));
      assertThat(reply.get("status").asString()).as(reply.toString()).isEqualTo("succeeded");
      assertThat(reply.at("/result/items/0/quantity").asLong()).isEqualTo(3);
      assertThat(reply.at("/result/items/0/priceId").asString()).isEqualTo("price_demo_yearly");
      JournalEntry post =
          emulator.journal().stream()
              .filter(
                  e ->
                      e.method().equals("POST")
                          && ("subscription.update:" + id).equals(e.idempotencyKey()))
              .findFirst()
              .orElseThrow();
      assertThat(post.param("items[0][id]")).isEqualTo("si_demo_active");
      assertThat(post.param("proration_behavior")).isEqualTo("none");
    }

    @Test
    void updatingACanceledSubscriptionIsStripesInvalidRequest() {
      assertFailed(
          replyTo(
              send(subscription("subscription.update", "sub_demo_canceled", ",\"quantity\":2"))),
          "invalid_request",
          null);
    }

    @Test
    void cancelAtPeriodEndAndReactivateUndoIt() {
      JsonNode canceling =
          replyTo(
              send(
                  subscription(
                      "subscription.cancel", "sub_demo_trialing", ",\"atPeriodEnd\":true")));
      assertThat(canceling.at("/result/cancelAtPeriodEnd").asBoolean()).isTrue();
      assertThat(canceling.at("/result/status").asString()).isEqualTo("trialing");
      JsonNode reactivated =
          replyTo(send(subscription("subscription.reactivate", "sub_demo_trialing", "")));
      assertThat(reactivated.at("/result/cancelAtPeriodEnd").asBoolean()).isFalse();
    }

    @Test
    void cancelNowEndsTheSubscription() {
      JsonNode reply = replyTo(send(subscription("subscription.cancel", "sub_demo_past_due", "")));
      assertThat(reply.at("/result/status").asString()).isEqualTo("canceled");
      assertThat(reply.at("/result/alreadyCanceled").asBoolean()).isFalse();
    }

    @Test
    void cancellingACanceledSubscriptionIsASucceededReplyThatSaysSo() {
      JsonNode reply = replyTo(send(subscription("subscription.cancel", "sub_demo_canceled", "")));
      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      assertThat(reply.at("/result/status").asString()).isEqualTo("canceled");
      assertThat(reply.at("/result/alreadyCanceled").asBoolean()).isTrue();
      assertThat(emulator.journal()).noneMatch(e -> e.method().equals("DELETE"));
    }

    @Test
    void pauseAndResumeCollection() {
      JsonNode paused =
          replyTo(
              send(
                  subscription(
                      "subscription.pause",
                      "sub_demo_bob_second",
                      ",\"behavior\":\"mark_uncollectible\",\"resumesAt\":\"2027-03-01T00:00:00Z\"")));
      assertThat(paused.at("/result/pause/behavior").asString()).isEqualTo("mark_uncollectible");
      assertThat(paused.at("/result/pause/resumesAt").asString()).isEqualTo("2027-03-01T00:00:00Z");
      JsonNode resumed =
          replyTo(send(subscription("subscription.resume", "sub_demo_bob_second", "")));
      assertThat(resumed.at("/result").has("pause")).isFalse();
    }

    @Test
    void aConcurrentMutationOfTheSameSubscriptionGetsLockTimeoutAndIsRetried() {
      emulator.addFault(
          FaultRule.on("POST", "/v1/subscriptions/sub_demo_active")
              .bodyContains("quantity")
              .times(1)
              .delay(java.time.Duration.ofMillis(1500)));
      Sent update =
          send(subscription("subscription.update", "sub_demo_active", ",\"quantity\":4"), "lock-a");
      // The update reads the subscription, then holds its lock for 1.5 s in the delayed POST:
      // the pause is sent only once that read is done, so that it arrives while the lock is held.
      Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> emulator.journal().stream().anyMatch(e -> e.method().equals("GET")));
      sleepMillis(150);
      Sent pause =
          send(
              subscription("subscription.pause", "sub_demo_active", ",\"behavior\":\"void\""),
              "lock-b");
      assertThat(replyTo(update).get("status").asString()).isEqualTo("succeeded");
      JsonNode paused = replyTo(pause);
      assertThat(paused.get("status").asString()).as(paused.toString()).isEqualTo("succeeded");
      assertThat(emulator.journal()).anyMatch(e -> e.status() == 429);
    }

    @Test
    void aDeadlineThatPassesBetweenTheReadAndTheWriteStopsTheWrite() {
      emulator.addFault(
          FaultRule.on("GET", "/v1/subscriptions/sub_demo_trialing")
              .times(1)
              .delay(java.time.Duration.ofMillis(1500)));
      String deadline = Instant.now().plusMillis(700).toString();
      String command =
          subscriptionCommand(commandId(), "subscription.cancel", "sub_demo_trialing", "")
              .replace("\"type\"", "\"deadline\":\"" + deadline + "\",\"type\"");
      JsonNode reply = replyTo(send(command));
      assertThat(reply.get("status").asString()).as(reply.toString()).isEqualTo("expired");
      assertThat(emulator.journal()).noneMatch(e -> e.method().equals("DELETE"));
    }

    @Test
    void aPassedDeadlineExpiresACancelWithoutCallingStripe() {
      String id = commandId();
      String command =
          subscriptionCommand(id, "subscription.cancel", "sub_demo_active", "")
              .replace("\"type\"", "\"deadline\":\"2020-01-01T00:00:00Z\",\"type\"");
      assertThat(replyTo(send(command)).get("status").asString()).isEqualTo("expired");
      assertThat(emulator.journal()).noneMatch(e -> e.path().startsWith("/v1/subscriptions"));
    }
  }

  @Nested
  class BillingPortal {

    @Test
    void createsASessionReturningToAnAllowedUrl() {
      JsonNode reply = replyTo(send(portal(commandId(), "https://shop.example.com/account")));
      assertThat(reply.get("status").asString()).isEqualTo("succeeded");
      assertThat(reply.at("/result/id").asString()).startsWith("bps_");
      assertThat(reply.at("/result/url").asString()).startsWith("https://");
      assertThat(reply.at("/result/returnUrl").asString())
          .isEqualTo("https://shop.example.com/account");
    }

    @Test
    void aReturnUrlOffTheAllowlistFailsValidationWithoutCallingStripe() {
      String id = commandId();
      JsonNode reply = replyTo(send(portal(id, "https://evil.example.net/login")));
      assertFailed(reply, "validation", "invalid_field");
      assertThat(reply.at("/error/param").asString()).isEqualTo("payload.returnUrl");
      assertThat(reply.at("/error/message").asString()).contains("evil.example.net");
      assertThat(emulator.journal())
          .noneMatch(
              e ->
                  e.path().equals("/v1/billing_portal/sessions")
                      && id.equals(e.param("metadata[command_id]")));
    }

    @Test
    void aPlainHttpCheckoutUrlFailsValidation() {
      String id = commandId();
      String command =
          checkout(id, "\"customerId\":\"cus_demo_alice\"")
              .replace("https://shop.example.com/pricing", "http://shop.example.com/pricing");
      JsonNode reply = replyTo(send(command));
      assertFailed(reply, "validation", "invalid_field");
      assertThat(reply.at("/error/param").asString()).isEqualTo("payload.cancelUrl");
      assertThat(stripeCallsFor(id)).isEmpty();
    }

    private String portal(String id, String returnUrl) {
      return "{\"commandId\":\""
          + id
          + "\",\"type\":\"billing_portal.session.create\",\"payload\":{"
          + "\"customerId\":\"cus_demo_alice\",\"returnUrl\":\""
          + returnUrl
          + "\"}}";
    }
  }

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String subscription(String type, String subscriptionId, String more) {
    return subscriptionCommand(commandId(), type, subscriptionId, more);
  }

  static String subscriptionCommand(String id, String type, String subscriptionId, String more) {
    return "{\"commandId\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"payload\":{\"subscriptionId\":\""
        + subscriptionId
        + "\""
        + more
        + "}}";
  }

  @Nested
  class Health {

    @Test
    void readinessIsUpWhileTheCommandListenerConsumes() throws Exception {
      JsonNode readiness = json.readTree(get("/actuator/health/readiness"));
      assertThat(readiness.get("status").asString()).isEqualTo("UP");
      JsonNode liveness = json.readTree(get("/actuator/health/liveness"));
      assertThat(liveness.get("status").asString()).isEqualTo("UP");
    }

    @Test
    void readinessIsDownWhileTheCommandListenerIsStopped() throws Exception {
      MessageListenerContainer container = listeners.getListenerContainer("payment-commands");
      container.stop();
      try {
        assertThat(status("/actuator/health/readiness")).isEqualTo(503);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);
      } finally {
        container.start();
      }
      assertThat(status("/actuator/health/readiness")).isEqualTo(200);
    }

    private String get(String path) throws Exception {
      HttpResponse<String> response = request(path);
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }

    private int status(String path) throws Exception {
      return request(path).statusCode();
    }

    private HttpResponse<String> request(String path) throws Exception {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
              HttpResponse.BodyHandlers.ofString());
    }
  }

  @Nested
  class Transport {

    @Test
    void aPoisonPillIsDeadLetteredAndTheNextCommandWithTheSameKeyIsStillAnswered() {
      Sent poison = send("{ this is not json", "poison-key");
      Sent good = send(retrieve(commandId(), "cus_demo_alice"), "poison-key");

      JsonNode poisonReply = replyTo(poison);
      assertThat(poisonReply.get("status").asString()).isEqualTo("dead_lettered");
      assertThat(poisonReply.at("/error/category").asString()).isEqualTo("malformed");
      assertThat(poisonReply.at("/error/code").asString()).isEqualTo("not_json");
      assertThat(poisonReply.has("commandId")).isFalse();
      ConsumerRecord<byte[], byte[]> dead =
          client.await(
              DLT, KafkaTestClient.withHeader("kafka_correlationId", poison.correlationId()));
      assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{ this is not json");
      assertThat(header(dead, "kafka_dlt-exception-message")).contains("not valid JSON");

      assertThat(replyTo(good).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aRecordTooLargeForTheDeadLetterTopicIsDeadLetteredWithoutItsValueAndDoesNotStall() {
      // Fits the command topic (1 MiB) but not once the dead-letter headers are added.
      byte[] huge = new byte[1_047_800];
      java.util.Arrays.fill(huge, (byte) 'x');
      byte[] correlation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
      client.send(COMMANDS, "huge-key", huge, Map.of("kafka_correlationId", correlation));
      Sent after = send(retrieve(commandId(), "cus_demo_alice"), "huge-key");

      ConsumerRecord<byte[], byte[]> dead =
          client.await(DLT, KafkaTestClient.withHeader("kafka_correlationId", correlation));
      assertThat(dead.value() == null ? 0 : dead.value().length).as("bytes of value kept").isZero();
      assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("huge-key");
      assertThat(header(dead, "payments_dlt-value-omitted")).contains("payments.commands-");
      assertThat(header(dead, "kafka_dlt-exception-message")).contains("not valid JSON");
      assertThat(dead.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
      assertThat(replyTo(after).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aReplyTheRequestedTopicRefusesGoesToTheDefaultTopicMarkedUndeliverable() throws Exception {
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of("bootstrap.servers", bootstrapServers()))) {
        admin
            .createTopics(
                List.of(
                    new org.apache.kafka.clients.admin.NewTopic("tiny.replies", 1, (short) 1)
                        .configs(Map.of("max.message.bytes", "64"))))
            .all()
            .get();
      }
      Sent sent = send(retrieve(commandId(), "cus_demo_alice"), "k", "tiny.replies");
      ConsumerRecord<byte[], byte[]> reply =
          client.await(
              REPLIES, KafkaTestClient.withHeader("kafka_correlationId", sent.correlationId()));
      assertThat(parse(reply).get("status").asString()).isEqualTo("succeeded");
      assertThat(header(reply, "payments_reply-undeliverable"))
          .startsWith("tiny.replies: RecordTooLargeException");
    }

    @Test
    void repliesToReplyTopicsThatDoNotExistGoToTheDefaultTopicAtOnceMarkedUndeliverable() {
      // Six missing topics in one poll: found with one question to the broker, not by six sends
      // that each wait max.block.ms (10 s) and abort the poll's transaction.
      String key = "missing-" + UUID.randomUUID();
      List<Sent> sent = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        sent.add(
            send(retrieve(commandId(), "cus_demo_alice"), key, "missing." + UUID.randomUUID()));
      }
      Sent ordinary = send(retrieve(commandId(), "cus_demo_alice"), key);
      long started = System.nanoTime();
      for (Sent command : sent) {
        ConsumerRecord<byte[], byte[]> reply =
            client.await(
                REPLIES,
                KafkaTestClient.withHeader("kafka_correlationId", command.correlationId()));
        assertThat(parse(reply).get("status").asString()).isEqualTo("succeeded");
        assertThat(header(reply, "payments_reply-undeliverable"))
            .endsWith(": the topic does not exist");
      }
      assertThat(replyTo(ordinary).get("status").asString()).isEqualTo("succeeded");
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
          .isLessThan(java.time.Duration.ofSeconds(10));
    }

    @Test
    void anUnreadableRecordWithoutCorrelationIdIsDeadLetteredWithoutAReply() {
      String marker = "no-correlation-" + UUID.randomUUID();
      client.send(COMMANDS, "k", marker.getBytes(StandardCharsets.UTF_8), Map.of());
      ConsumerRecord<byte[], byte[]> dead =
          client.await(
              DLT,
              r ->
                  r.value() != null
                      && new String(r.value(), StandardCharsets.UTF_8).equals(marker));
      assertThat(header(dead, "kafka_dlt-exception-message")).contains("not valid JSON");
      Sent after = send(retrieve(commandId(), "cus_demo_alice"), "k");
      replyTo(after);
      assertThat(
              client.all(
                  REPLIES,
                  r ->
                      new String(r.value(), StandardCharsets.UTF_8).contains("\"malformed\"")
                          && r.headers().lastHeader("kafka_correlationId") == null))
          .isEmpty();
    }

    @Test
    void aBinaryCorrelationIdIsEchoedByteForByte() {
      byte[] correlation = new byte[16];
      for (int i = 0; i < 16; i++) {
        correlation[i] = (byte) (i * 17 - 128);
      }
      String id = commandId();
      client.send(
          COMMANDS,
          "bin",
          retrieve(id, "cus_demo_alice").getBytes(StandardCharsets.UTF_8),
          Map.of("kafka_correlationId", correlation));
      ConsumerRecord<byte[], byte[]> reply =
          client.await(REPLIES, KafkaTestClient.withHeader("kafka_correlationId", correlation));
      assertThat(parse(reply).get("commandId").asString()).isEqualTo(id);
    }

    @Test
    void aStringCorrelationIdIsEchoedAndTheKeyAndTraceContextAreKept() {
      String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
      Map<String, byte[]> headers = new HashMap<>();
      headers.put("kafka_correlationId", "corr-string-1".getBytes(StandardCharsets.UTF_8));
      headers.put("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
      client.send(
          COMMANDS,
          "cus_demo_alice",
          retrieve(commandId(), "cus_demo_alice").getBytes(StandardCharsets.UTF_8),
          headers);
      ConsumerRecord<byte[], byte[]> reply =
          client.await(
              REPLIES,
              KafkaTestClient.withHeader(
                  "kafka_correlationId", "corr-string-1".getBytes(StandardCharsets.UTF_8)));
      assertThat(new String(reply.key(), StandardCharsets.UTF_8)).isEqualTo("cus_demo_alice");
      assertThat(header(reply, "traceparent")).isEqualTo(traceparent);
    }

    @Test
    void theReplyTopicHeaderChoosesWhereTheReplyGoes() {
      Sent sent = send(retrieve(commandId(), "cus_demo_alice"), "k", CUSTOM_REPLIES);
      ConsumerRecord<byte[], byte[]> reply =
          client.await(
              CUSTOM_REPLIES,
              KafkaTestClient.withHeader("kafka_correlationId", sent.correlationId()));
      assertThat(parse(reply).get("status").asString()).isEqualTo("succeeded");
      assertThat(
              client.find(
                  REPLIES, KafkaTestClient.withHeader("kafka_correlationId", sent.correlationId())))
          .isEmpty();
    }

    @Test
    void anIllegalReplyTopicHeaderFailsTheCommandOnTheDefaultTopicWithoutCallingStripe() {
      String id = commandId();
      Sent sent = send(retrieve(id, "cus_demo_alice"), "k", "not a topic!");
      JsonNode reply = replyTo(sent);
      assertFailed(reply, "validation", "invalid_field");
      assertThat(reply.at("/error/param").asString()).isEqualTo("kafka_replyTopic header");
    }

    @Test
    void aPassedDeadlineExpiresTheCommandWithoutCallingStripe() {
      String id = commandId();
      String command =
          checkout(id, "\"customerId\":\"cus_demo_alice\"")
              .replace("\"type\"", "\"deadline\":\"2020-01-01T00:00:00Z\",\"type\"");
      JsonNode reply = replyTo(send(command));
      assertThat(reply.get("status").asString()).isEqualTo("expired");
      assertThat(reply.at("/error/code").asString()).isEqualTo("deadline_passed");
      assertThat(stripeCallsFor(id)).isEmpty();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  record Sent(String key, String value, byte[] correlationId) {}

  static String commandId() {
    return "it-" + UUID.randomUUID();
  }

  static String checkout(String id, String customer) {
    return "{\"commandId\":\""
        + id
        + "\",\"type\":\"checkout.session.create\",\"payload\":{"
        + customer
        + ",\"priceId\":\"price_demo_monthly\",\"quantity\":1,\"successUrl\":\"https://shop.example.com/welcome\","
        + "\"cancelUrl\":\"https://shop.example.com/pricing\",\"metadata\":{\"plan\":\"pro\"},\"trialPeriodDays\":14}}";
  }

  static String retrieve(String id, String customerId) {
    return "{\"commandId\":\""
        + id
        + "\",\"type\":\"customer.retrieve\",\"payload\":{\"customerId\":\""
        + customerId
        + "\"}}";
  }

  static String find(String id, String email) {
    return "{\"commandId\":\""
        + id
        + "\",\"type\":\"customer.find\",\"payload\":{\"email\":\""
        + email
        + "\"}}";
  }

  Sent send(String value) {
    return send(value, "key-" + UUID.randomUUID());
  }

  Sent send(String value, String key) {
    return send(value, key, null);
  }

  Sent send(String value, String key, String replyTopic) {
    byte[] correlation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> headers = new HashMap<>();
    headers.put("kafka_correlationId", correlation);
    if (replyTopic != null) {
      headers.put("kafka_replyTopic", replyTopic.getBytes(StandardCharsets.UTF_8));
    }
    client.send(COMMANDS, key, value.getBytes(StandardCharsets.UTF_8), headers);
    return new Sent(key, value, correlation);
  }

  /** The reply to a command, checked against the published reply schema. */
  JsonNode replyTo(Sent sent) {
    JsonNode reply =
        parse(
            client.await(
                REPLIES, KafkaTestClient.withHeader("kafka_correlationId", sent.correlationId())));
    assertThat(ContractSchemas.replyErrors(reply))
        .as("reply.schema.json violations of %s", reply)
        .isEmpty();
    return reply;
  }

  static JsonNode parse(ConsumerRecord<byte[], byte[]> record) {
    return json.readTree(record.value());
  }

  static List<JournalEntry> stripeCallsFor(String commandId) {
    return emulator.journal().stream()
        .filter(e -> commandId.equals(e.param("metadata[command_id]")))
        .toList();
  }

  static JournalEntry single(List<JournalEntry> entries) {
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    assertThat(h).as("header " + name).isNotNull();
    return new String(h.value(), StandardCharsets.UTF_8);
  }

  static void assertFailed(JsonNode reply, String category, String code) {
    assertThat(reply.get("status").asString()).as(reply.toString()).isEqualTo("failed");
    assertThat(reply.at("/error/category").asString()).isEqualTo(category);
    if (code != null) {
      assertThat(reply.at("/error/code").asString()).isEqualTo(code);
    }
    assertThat(reply.at("/error/message").asString()).isNotBlank();
    assertThat(reply.has("result")).isFalse();
  }
}
