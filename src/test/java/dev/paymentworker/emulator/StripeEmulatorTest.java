package dev.paymentworker.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives the emulator over plain HTTP, the way any Stripe client would see it. */
class StripeEmulatorTest {

  private static final String API_KEY = "sk_test_emulator";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static StripeEmulator stripe;
  private static HttpClient http;

  @BeforeAll
  static void startEmulator() {
    stripe = StripeEmulator.start(0);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stopEmulator() {
    stripe.close();
  }

  @BeforeEach
  void resetEmulator() {
    stripe.reset();
  }

  @Nested
  class Customers {

    @Test
    void seededCustomerIsAStripeCustomerObject() throws Exception {
      Response response = get("/v1/customers/cus_demo_alice");

      assertThat(response.status()).isEqualTo(200);
      JsonNode alice = response.json();
      assertThat(alice.path("id").asString()).isEqualTo("cus_demo_alice");
      assertThat(alice.path("object").asString()).isEqualTo("customer");
      assertThat(alice.path("email").asString()).isEqualTo("alice@example.com");
      assertThat(alice.path("name").asString()).isEqualTo("Alice Martin");
      assertThat(alice.path("livemode").asBoolean()).isFalse();
      assertThat(alice.path("metadata").isObject()).isTrue();
      assertThat(alice.path("created").isNumber()).isTrue();
      assertThat(response.header("Content-Type")).isEqualTo("application/json");
      assertThat(response.header("Request-Id")).startsWith("req_");
    }

    @Test
    void deletedCustomerIsAStubWithDeletedTrue() throws Exception {
      Response response = get("/v1/customers/cus_demo_carol");

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json())
          .isEqualTo(
              JSON.readTree(
                  "{\"id\":\"cus_demo_carol\",\"object\":\"customer\",\"deleted\":true}"));
    }

    @Test
    void unknownCustomerIs404ResourceMissing() throws Exception {
      Response response = get("/v1/customers/cus_x");

      assertThat(response.status()).isEqualTo(404);
      JsonNode error = response.json().path("error");
      assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
      assertThat(error.path("code").asString()).isEqualTo("resource_missing");
      assertThat(error.path("param").asString()).isEqualTo("id");
      assertThat(error.path("message").asString()).isEqualTo("No such customer: 'cus_x'");
      assertThat(error.path("doc_url").asString()).isNotEmpty();
    }

    @Test
    void listingByEmailReturnsEveryMatchNewestFirst() throws Exception {
      Response response = get("/v1/customers?email=dana%40example.com&limit=10");

      assertThat(response.status()).isEqualTo(200);
      JsonNode list = response.json();
      assertThat(list.path("object").asString()).isEqualTo("list");
      assertThat(list.path("url").asString()).isEqualTo("/v1/customers");
      assertThat(list.path("has_more").asBoolean()).isFalse();
      assertThat(ids(list)).containsExactly("cus_demo_dana2", "cus_demo_dana1");
    }

    @Test
    void listingByEmailIsCaseSensitiveAndSkipsDeletedCustomers() throws Exception {
      assertThat(ids(get("/v1/customers?email=DANA%40example.com").json())).isEmpty();
      assertThat(ids(get("/v1/customers?email=carol%40example.com").json())).isEmpty();
    }

    @Test
    void listingStopsAtTheLimitAndSaysThereIsMore() throws Exception {
      JsonNode list = get("/v1/customers?email=dana%40example.com&limit=1").json();

      assertThat(ids(list)).containsExactly("cus_demo_dana2");
      assertThat(list.path("has_more").asBoolean()).isTrue();
    }

    @Test
    void limitOutsideOneToHundredIsRejected() throws Exception {
      for (String limit : List.of("0", "101", "ten")) {
        Response response = get("/v1/customers?limit=" + limit);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("param").asString()).isEqualTo("limit");
      }
    }

    @Test
    void createdCustomerCanBeReadBackAndIsListedFirst() throws Exception {
      Response created =
          post(
              "/v1/customers",
              form("email", "dana@example.com", "name", "Dana K", "metadata[commandId]", "c-1"),
              null);

      assertThat(created.status()).isEqualTo(200);
      String id = created.json().path("id").asString();
      assertThat(id).matches("cus_[A-Za-z0-9]{14}");
      JsonNode readBack = get("/v1/customers/" + id).json();
      assertThat(readBack.path("metadata").path("commandId").asString()).isEqualTo("c-1");
      assertThat(ids(get("/v1/customers?email=dana%40example.com").json()))
          .containsExactly(id, "cus_demo_dana2", "cus_demo_dana1");
    }

    @Test
    void createdCustomerHasStripesShapeAndIsFoundByEmail() throws Exception {
      Response created =
          post(
              "/v1/customers",
              form("email", "erin@example.com", "name", "Erin Park", "metadata[userId]", "u-42"),
              "create-erin");

      assertThat(created.status()).isEqualTo(200);
      JsonNode customer = created.json();
      assertThat(customer.path("object").asString()).isEqualTo("customer");
      assertThat(customer.path("email").asString()).isEqualTo("erin@example.com");
      assertThat(customer.path("name").asString()).isEqualTo("Erin Park");
      assertThat(customer.path("metadata").path("userId").asString()).isEqualTo("u-42");
      assertThat(customer.path("livemode").asBoolean()).isFalse();
      assertThat(customer.path("invoice_settings").isObject()).isTrue();
      assertThat(customer.path("deleted").isMissingNode()).isTrue();
      String id = customer.path("id").asString();
      assertThat(get("/v1/customers/" + id).json()).isEqualTo(customer);
      assertThat(ids(get("/v1/customers?email=erin%40example.com").json())).containsExactly(id);
      assertThat(stripe.journal().get(0).createdObjectId()).isEqualTo(id);
    }

    @Test
    void seededPricesAreRecurringOrOneTime() throws Exception {
      JsonNode monthly = get("/v1/prices/price_demo_monthly").json();
      assertThat(monthly.path("object").asString()).isEqualTo("price");
      assertThat(monthly.path("type").asString()).isEqualTo("recurring");
      assertThat(monthly.path("recurring").path("interval").asString()).isEqualTo("month");
      assertThat(monthly.path("unit_amount").asLong()).isEqualTo(1500);
      assertThat(monthly.path("product").asString()).isEqualTo("prod_demo_pro");

      JsonNode oneTime = get("/v1/prices/price_demo_onetime").json();
      assertThat(oneTime.path("type").asString()).isEqualTo("one_time");
      assertThat(oneTime.path("recurring").isNull()).isTrue();
    }
  }

  @Nested
  class Subscriptions {

    @Test
    void seededSubscriptionIsShapedLikeStripesCurrentApi() throws Exception {
      Response response = get("/v1/subscriptions/sub_demo_active");

      assertThat(response.status()).isEqualTo(200);
      JsonNode sub = response.json();
      assertThat(sub.path("id").asString()).isEqualTo("sub_demo_active");
      assertThat(sub.path("object").asString()).isEqualTo("subscription");
      assertThat(sub.path("customer").asString()).isEqualTo("cus_demo_alice");
      assertThat(sub.path("status").asString()).isEqualTo("active");
      assertThat(sub.path("cancel_at_period_end").asBoolean()).isFalse();
      for (String field :
          List.of("cancel_at", "canceled_at", "ended_at", "pause_collection", "trial_end")) {
        assertThat(sub.path(field).isNull()).as(field).isTrue();
      }
      assertThat(sub.path("livemode").asBoolean()).isFalse();
      assertThat(sub.path("metadata").isObject()).isTrue();
      assertThat(sub.path("start_date").isNumber()).isTrue();
      assertThat(sub.path("created").isNumber()).isTrue();
      assertThat(sub.has("current_period_end")).isFalse();
      JsonNode items = sub.path("items");
      assertThat(items.path("object").asString()).isEqualTo("list");
      assertThat(items.path("has_more").asBoolean()).isFalse();
      assertThat(items.path("url").asString())
          .isEqualTo("/v1/subscription_items?subscription=sub_demo_active");
      JsonNode item = items.path("data").get(0);
      assertThat(item.path("id").asString()).isEqualTo("si_demo_active");
      assertThat(item.path("object").asString()).isEqualTo("subscription_item");
      assertThat(item.path("subscription").asString()).isEqualTo("sub_demo_active");
      assertThat(item.path("quantity").asLong()).isEqualTo(1);
      assertThat(item.path("price").path("id").asString()).isEqualTo("price_demo_monthly");
      assertThat(item.path("price").path("object").asString()).isEqualTo("price");
      long now = Instant.now().getEpochSecond();
      assertThat(item.path("current_period_start").asLong()).isLessThanOrEqualTo(now);
      assertThat(item.path("current_period_end").asLong()).isGreaterThan(now);
    }

    @Test
    void seedsCoverTrialPastDueCanceledAndASecondSubscription() throws Exception {
      JsonNode trialing = get("/v1/subscriptions/sub_demo_trialing").json();
      assertThat(trialing.path("status").asString()).isEqualTo("trialing");
      assertThat(trialing.path("customer").asString()).isEqualTo("cus_demo_bob");
      assertThat(trialing.path("trial_end").asLong()).isGreaterThan(Instant.now().getEpochSecond());
      assertThat(trialing.path("trial_start").asLong())
          .isLessThan(trialing.path("trial_end").asLong());
      JsonNode trialItem = trialing.path("items").path("data").get(0);
      assertThat(trialItem.path("id").asString()).isEqualTo("si_demo_trialing");
      assertThat(trialItem.path("price").path("id").asString()).isEqualTo("price_demo_yearly");
      assertThat(trialItem.path("quantity").asLong()).isEqualTo(2);

      assertThat(get("/v1/subscriptions/sub_demo_past_due").json().path("status").asString())
          .isEqualTo("past_due");
      JsonNode canceled = get("/v1/subscriptions/sub_demo_canceled").json();
      assertThat(canceled.path("status").asString()).isEqualTo("canceled");
      assertThat(canceled.path("canceled_at").isNumber()).isTrue();
      assertThat(canceled.path("ended_at").isNumber()).isTrue();
      assertThat(ids(get("/v1/subscriptions?customer=cus_demo_bob").json()))
          .containsExactly("sub_demo_bob_second", "sub_demo_trialing");
    }

    @Test
    void unknownSubscriptionIs404ResourceMissing() throws Exception {
      Response response = get("/v1/subscriptions/sub_x");

      assertThat(response.status()).isEqualTo(404);
      JsonNode error = response.json().path("error");
      assertThat(error.path("code").asString()).isEqualTo("resource_missing");
      assertThat(error.path("param").asString()).isEqualTo("id");
      assertThat(error.path("message").asString()).isEqualTo("No such subscription: 'sub_x'");
    }

    @Test
    void listingWithoutStatusLeavesOutCanceledSubscriptions() throws Exception {
      JsonNode list = get("/v1/subscriptions").json();

      assertThat(list.path("object").asString()).isEqualTo("list");
      assertThat(list.path("url").asString()).isEqualTo("/v1/subscriptions");
      assertThat(ids(list))
          .containsExactly(
              "sub_demo_bob_second", "sub_demo_past_due", "sub_demo_trialing", "sub_demo_active");
      assertThat(ids(get("/v1/subscriptions?customer=cus_demo_dana2").json())).isEmpty();
    }

    @Test
    void listingFiltersByStatusAndCustomer() throws Exception {
      assertThat(ids(get("/v1/subscriptions?status=all").json())).hasSize(5);
      assertThat(ids(get("/v1/subscriptions?status=canceled").json()))
          .containsExactly("sub_demo_canceled");
      assertThat(ids(get("/v1/subscriptions?customer=cus_demo_bob&status=active").json()))
          .containsExactly("sub_demo_bob_second");
      assertThat(ids(get("/v1/subscriptions?customer=cus_nobody").json())).isEmpty();
      JsonNode firstPage = get("/v1/subscriptions?status=all&limit=2").json();
      assertThat(ids(firstPage)).hasSize(2);
      assertThat(firstPage.path("has_more").asBoolean()).isTrue();

      Response invalid = get("/v1/subscriptions?status=sleeping");
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.json().path("error").path("param").asString()).isEqualTo("status");
      assertThat(get("/v1/subscriptions?limit=101").status()).isEqualTo(400);
    }

    @Test
    void updateChangesPriceAndQuantityOfAnItem() throws Exception {
      Response response =
          post(
              "/v1/subscriptions/sub_demo_active",
              form(
                  "items[0][id]", "si_demo_active",
                  "items[0][price]", "price_demo_yearly",
                  "items[0][quantity]", "3",
                  "proration_behavior", "create_prorations",
                  "metadata[commandId]", "cmd-7"),
              "upgrade-1");

      assertThat(response.status()).isEqualTo(200);
      JsonNode item = response.json().path("items").path("data").get(0);
      assertThat(item.path("id").asString()).isEqualTo("si_demo_active");
      assertThat(item.path("price").path("id").asString()).isEqualTo("price_demo_yearly");
      assertThat(item.path("quantity").asLong()).isEqualTo(3);
      assertThat(response.json().path("metadata").path("commandId").asString()).isEqualTo("cmd-7");
      assertThat(get("/v1/subscriptions/sub_demo_active").json()).isEqualTo(response.json());
      assertThat(stripe.journal().get(0).createdObjectId()).isNull();
    }

    static Stream<Arguments> invalidUpdates() {
      return Stream.of(
          Arguments.of(
              Map.of("items[0][id]", "si_demo_trialing", "items[0][quantity]", "2"),
              "items[0][id]",
              null),
          Arguments.of(
              Map.of("items[0][id]", "si_demo_active", "items[0][price]", "price_x"),
              "items[0][price]",
              "resource_missing"),
          Arguments.of(
              Map.of("items[0][id]", "si_demo_active", "items[0][price]", "price_demo_onetime"),
              "items[0][price]",
              null),
          Arguments.of(
              Map.of("items[0][id]", "si_demo_active", "items[0][quantity]", "0"),
              "items[0][quantity]",
              null),
          Arguments.of(Map.of("proration_behavior", "sometimes"), "proration_behavior", null),
          Arguments.of(Map.of("cancel_at_period_end", "yes"), "cancel_at_period_end", null),
          Arguments.of(
              Map.of("pause_collection[behavior]", "sleep"), "pause_collection[behavior]", null));
    }

    @ParameterizedTest
    @MethodSource("invalidUpdates")
    void invalidUpdateIsA400NamingTheParameterAndChangesNothing(
        Map<String, String> params, String param, @Nullable String code) throws Exception {
      JsonNode before = get("/v1/subscriptions/sub_demo_active").json();

      Response response = post("/v1/subscriptions/sub_demo_active", params, null);

      assertThat(response.status()).isEqualTo(400);
      JsonNode error = response.json().path("error");
      assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
      assertThat(error.path("param").asString()).isEqualTo(param);
      assertThat(error.path("code").asString(null)).isEqualTo(code);
      assertThat(get("/v1/subscriptions/sub_demo_active").json()).isEqualTo(before);
    }

    @Test
    void pausedCollectionCanBeResumedWithAnEmptyValue() throws Exception {
      JsonNode paused =
          post(
                  "/v1/subscriptions/sub_demo_active",
                  form(
                      "pause_collection[behavior]", "mark_uncollectible",
                      "pause_collection[resumes_at]", "1893456000"),
                  null)
              .json();

      assertThat(paused.path("pause_collection").path("behavior").asString())
          .isEqualTo("mark_uncollectible");
      assertThat(paused.path("pause_collection").path("resumes_at").asLong())
          .isEqualTo(1893456000L);
      assertThat(paused.path("status").asString()).isEqualTo("active");

      JsonNode resumed =
          post("/v1/subscriptions/sub_demo_active", form("pause_collection", ""), null).json();

      assertThat(resumed.path("pause_collection").isNull()).isTrue();
    }

    @Test
    void cancelAtPeriodEndSetsCancelAtAndCanBeUndone() throws Exception {
      JsonNode sub = get("/v1/subscriptions/sub_demo_active").json();
      long periodEnd = sub.path("items").path("data").get(0).path("current_period_end").asLong();

      JsonNode ending =
          post("/v1/subscriptions/sub_demo_active", form("cancel_at_period_end", "true"), null)
              .json();

      assertThat(ending.path("cancel_at_period_end").asBoolean()).isTrue();
      assertThat(ending.path("cancel_at").asLong()).isEqualTo(periodEnd);
      assertThat(ending.path("status").asString()).isEqualTo("active");

      JsonNode kept =
          post("/v1/subscriptions/sub_demo_active", form("cancel_at_period_end", "false"), null)
              .json();

      assertThat(kept.path("cancel_at_period_end").asBoolean()).isFalse();
      assertThat(kept.path("cancel_at").isNull()).isTrue();
    }

    @Test
    void cancellingEndsTheSubscriptionNow() throws Exception {
      long before = Instant.now().getEpochSecond();

      Response response =
          delete("/v1/subscriptions/sub_demo_past_due", "invoice_now=false&prorate=false");

      assertThat(response.status()).isEqualTo(200);
      JsonNode sub = response.json();
      assertThat(sub.path("status").asString()).isEqualTo("canceled");
      assertThat(sub.path("canceled_at").asLong()).isBetween(before, before + 5);
      assertThat(sub.path("ended_at").asLong()).isEqualTo(sub.path("canceled_at").asLong());
      assertThat(ids(get("/v1/subscriptions?customer=cus_demo_dana1").json())).isEmpty();
      assertThat(stripe.journal().get(0).params()).containsEntry("prorate", "false");
    }

    @Test
    void cancellingAcceptsParametersInAFormBody() throws Exception {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri("/v1/subscriptions/sub_demo_active"))
                  .header("Authorization", "Bearer " + API_KEY)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .method("DELETE", BodyPublishers.ofString("invoice_now=true"))
                  .build(),
              BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(stripe.journal().get(0).params()).containsEntry("invoice_now", "true");
    }

    @Test
    void cancellingACanceledSubscriptionIsAnInvalidRequest() throws Exception {
      Response response = delete("/v1/subscriptions/sub_demo_canceled", "");

      assertThat(response.status()).isEqualTo(400);
      JsonNode error = response.json().path("error");
      assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
      assertThat(error.path("message").asString())
          .isEqualTo(
              "A canceled subscription can only update its cancellation_details and metadata.");
    }

    @Test
    void canceledSubscriptionTakesOnlyMetadataUpdates() throws Exception {
      Response resumed =
          post("/v1/subscriptions/sub_demo_canceled", form("cancel_at_period_end", "false"), null);
      assertThat(resumed.status()).isEqualTo(400);
      assertThat(resumed.json().path("error").path("message").asString())
          .startsWith("A canceled subscription can only update");

      Response tagged =
          post("/v1/subscriptions/sub_demo_canceled", form("metadata[note]", "closed"), null);
      assertThat(tagged.status()).isEqualTo(200);
      assertThat(tagged.json().path("metadata").path("note").asString()).isEqualTo("closed");
    }

    @Test
    void resetRestoresTheSeededSubscriptions() throws Exception {
      delete("/v1/subscriptions/sub_demo_active", "");

      stripe.reset();

      assertThat(get("/v1/subscriptions/sub_demo_active").json().path("status").asString())
          .isEqualTo("active");
    }

    @Test
    void concurrentMutationsOfOneSubscriptionGetLockTimeout() throws Exception {
      stripe.addFault(
          FaultRule.on("POST", "/v1/subscriptions/sub_demo_active").delay(Duration.ofMillis(600)));
      CompletableFuture<HttpResponse<String>> slow =
          http.sendAsync(
              postRequest("/v1/subscriptions/sub_demo_active", form("metadata[a]", "1"), "k-1"),
              BodyHandlers.ofString());
      Thread.sleep(200);

      Response cancel = delete("/v1/subscriptions/sub_demo_active", "");
      Response update = post("/v1/subscriptions/sub_demo_active", form("metadata[b]", "2"), "k-2");
      Response read = get("/v1/subscriptions/sub_demo_active");
      Response other =
          post("/v1/subscriptions/sub_demo_bob_second", form("metadata[c]", "3"), null);

      for (Response locked : List.of(cancel, update)) {
        assertThat(locked.status()).isEqualTo(429);
        JsonNode error = locked.json().path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asString()).isEqualTo("lock_timeout");
        assertThat(error.path("message").asString())
            .startsWith("This object cannot be accessed right now because another API request");
      }
      assertThat(read.status()).isEqualTo(200);
      assertThat(other.status()).isEqualTo(200);
      assertThat(slow.get().statusCode()).isEqualTo(200);
      assertThat(stripe.journal())
          .extracting(JournalEntry::fault)
          .containsExactly("delay", "lock_timeout", "lock_timeout", null, null);
      // The key of a request that met the lock stays free for its retry.
      Response retried = post("/v1/subscriptions/sub_demo_active", form("metadata[b]", "2"), "k-2");
      assertThat(retried.status()).isEqualTo(200);
      assertThat(retried.header("Idempotent-Replayed")).isNull();
      assertThat(retried.json().path("metadata").path("a").asString()).isEqualTo("1");
    }
  }

  @Nested
  class BillingPortalSessions {

    @Test
    void createdSessionLinksToThePortal() throws Exception {
      Response response =
          post(
              "/v1/billing_portal/sessions",
              form("customer", "cus_demo_alice", "return_url", "https://example.com/account"),
              "portal-1");

      assertThat(response.status()).isEqualTo(200);
      JsonNode session = response.json();
      String id = session.path("id").asString();
      assertThat(id).matches("bps_[A-Za-z0-9]+");
      assertThat(session.path("object").asString()).isEqualTo("billing_portal.session");
      assertThat(session.path("customer").asString()).isEqualTo("cus_demo_alice");
      assertThat(session.path("return_url").asString()).isEqualTo("https://example.com/account");
      assertThat(session.path("url").asString())
          .matches("https://billing\\.stripe\\.com/p/session/test_[A-Za-z0-9]+");
      assertThat(session.path("configuration").asString()).startsWith("bpc_");
      assertThat(session.path("livemode").asBoolean()).isFalse();
      assertThat(session.path("created").isNumber()).isTrue();
      for (String field : List.of("flow", "locale", "on_behalf_of")) {
        assertThat(session.path(field).isNull()).as(field).isTrue();
      }
      assertThat(stripe.journal().get(0).createdObjectId()).isEqualTo(id);
    }

    @Test
    void sessionForAMissingOrDeletedCustomerIsRejected() throws Exception {
      for (String customer : List.of("cus_x", "cus_demo_carol")) {
        Response response = post("/v1/billing_portal/sessions", form("customer", customer), null);
        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().path("error");
        assertThat(error.path("code").asString()).isEqualTo("resource_missing");
        assertThat(error.path("param").asString()).isEqualTo("customer");
      }
      Response missing = post("/v1/billing_portal/sessions", form(), null);
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.json().path("error").path("code").asString())
          .isEqualTo("parameter_missing");
    }
  }

  @Nested
  class Requests {

    @Test
    void missingApiKeyIs401() throws Exception {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri("/v1/customers/cus_demo_alice")).build(),
              BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void liveKeyIs401WithTheKeyMasked() throws Exception {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri("/v1/customers/cus_demo_alice"))
                  .header("Authorization", "Bearer sk_live_secret")
                  .build(),
              BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
      JsonNode error = JSON.readTree(response.body()).path("error");
      assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
      assertThat(error.path("message").asString()).isEqualTo("Invalid API Key provided: sk_l****");
    }

    @Test
    void unknownRouteIs404UnrecognizedRequestUrl() throws Exception {
      Response response = get("/v1/x");

      assertThat(response.status()).isEqualTo(404);
      assertThat(response.json().path("error").path("message").asString())
          .isEqualTo("Unrecognized request URL (GET: /v1/x).");
    }
  }

  @Nested
  class CheckoutSessions {

    @Test
    void createdSessionIsOpenUnpaidAndShapedLikeStripe() throws Exception {
      Map<String, String> params = subscriptionCheckout();
      params.put("customer", "cus_demo_alice");
      params.put("client_reference_id", "user-7");
      params.put("metadata[commandId]", "cmd-1");
      params.put("allow_promotion_codes", "true");
      params.put("subscription_data[trial_period_days]", "14");

      Response response = post("/v1/checkout/sessions", params, "key-1");

      assertThat(response.status()).isEqualTo(200);
      JsonNode session = response.json();
      String id = session.path("id").asString();
      assertThat(id).matches("cs_test_[A-Za-z0-9]{58}");
      assertThat(session.path("object").asString()).isEqualTo("checkout.session");
      assertThat(session.path("mode").asString()).isEqualTo("subscription");
      assertThat(session.path("status").asString()).isEqualTo("open");
      assertThat(session.path("payment_status").asString()).isEqualTo("unpaid");
      assertThat(session.path("url").asString())
          .isEqualTo("https://checkout.stripe.com/c/pay/" + id);
      assertThat(session.path("expires_at").asLong())
          .isEqualTo(session.path("created").asLong() + 24 * 60 * 60);
      assertThat(session.path("customer").asString()).isEqualTo("cus_demo_alice");
      assertThat(session.path("customer_email").isNull()).isTrue();
      assertThat(session.path("client_reference_id").asString()).isEqualTo("user-7");
      assertThat(session.path("metadata").path("commandId").asString()).isEqualTo("cmd-1");
      assertThat(session.path("success_url").asString()).isEqualTo("https://example.com/ok");
      assertThat(session.path("cancel_url").asString()).isEqualTo("https://example.com/back");
      assertThat(session.path("allow_promotion_codes").asBoolean()).isTrue();
      assertThat(session.path("livemode").asBoolean()).isFalse();
      assertThat(session.path("amount_total").asLong()).isEqualTo(1500);
      assertThat(get("/v1/checkout/sessions/" + id).json()).isEqualTo(session);
    }

    static Stream<Arguments> invalidSessions() {
      return Stream.of(
          invalid("missing mode", Map.of("mode", ""), "mode", "parameter_missing", "mode"),
          invalid("unknown mode", Map.of("mode", "rent"), "mode", null, "Invalid mode"),
          invalid(
              "missing line items",
              Map.of("line_items[0][price]", "", "line_items[0][quantity]", ""),
              "line_items",
              "parameter_missing",
              "line_items"),
          invalid(
              "unknown price",
              Map.of("line_items[0][price]", "price_x"),
              "line_items[0][price]",
              "resource_missing",
              "No such price: 'price_x'"),
          invalid(
              "one-time price in subscription mode",
              Map.of("line_items[0][price]", "price_demo_onetime"),
              "line_items[0][price]",
              null,
              "You must provide at least one recurring price in `subscription` mode when using"
                  + " prices."),
          invalid(
              "recurring price in payment mode",
              Map.of("mode", "payment"),
              "line_items[0][price]",
              null,
              "`payment` mode"),
          invalid(
              "customer and customer_email",
              Map.of("customer", "cus_demo_alice", "customer_email", "a@example.com"),
              "customer",
              null,
              "You may only specify one of these parameters: customer, customer_email."),
          invalid(
              "unknown customer",
              Map.of("customer", "cus_x"),
              "customer",
              "resource_missing",
              "No such customer: 'cus_x'"),
          invalid(
              "deleted customer",
              Map.of("customer", "cus_demo_carol"),
              "customer",
              "resource_missing",
              "No such customer: 'cus_demo_carol'"),
          invalid(
              "zero quantity",
              Map.of("line_items[0][quantity]", "0"),
              "line_items[0][quantity]",
              null,
              "greater than or equal to 1"),
          invalid(
              "missing quantity",
              Map.of("line_items[0][quantity]", ""),
              "line_items[0][quantity]",
              null,
              "Quantity is required"),
          invalid(
              "missing success_url",
              Map.of("success_url", ""),
              "success_url",
              "parameter_missing",
              "success_url"),
          invalid(
              "zero-day trial",
              Map.of("subscription_data[trial_period_days]", "0"),
              "subscription_data[trial_period_days]",
              null,
              "greater than or equal to 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSessions")
    void invalidSessionIsA400NamingTheParameter(
        String situation,
        Map<String, String> changes,
        String param,
        @Nullable String code,
        String message)
        throws Exception {
      Map<String, String> params = subscriptionCheckout();
      changes.forEach(
          (name, value) -> {
            if (value.isEmpty()) {
              params.remove(name);
            } else {
              params.put(name, value);
            }
          });

      Response response = post("/v1/checkout/sessions", params, null);

      assertThat(response.status()).isEqualTo(400);
      JsonNode error = response.json().path("error");
      assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
      assertThat(error.path("param").asString()).isEqualTo(param);
      assertThat(error.path("code").asString(null)).isEqualTo(code);
      assertThat(error.path("message").asString()).contains(message);
    }

    private static Arguments invalid(
        String situation,
        Map<String, String> changes,
        String param,
        @Nullable String code,
        String message) {
      return Arguments.of(situation, changes, param, code, message);
    }
  }

  @Nested
  class Idempotency {

    @Test
    void sameKeyAndSameParamsReplaysTheFirstResponse() throws Exception {
      Response first = post("/v1/checkout/sessions", subscriptionCheckout(), "cmd-1");
      Response second = post("/v1/checkout/sessions", subscriptionCheckout(), "cmd-1");

      assertThat(first.header("Idempotent-Replayed")).isNull();
      assertThat(second.status()).isEqualTo(200);
      assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(stripe.journal()).extracting(JournalEntry::replayed).containsExactly(false, true);
    }

    @Test
    void sameKeyWithDifferentParamsIsAnIdempotencyError() throws Exception {
      post("/v1/checkout/sessions", subscriptionCheckout(), "cmd-1");
      Map<String, String> changed = subscriptionCheckout();
      changed.put("line_items[0][quantity]", "2");

      Response response = post("/v1/checkout/sessions", changed, "cmd-1");

      assertThat(response.status()).isEqualTo(400);
      JsonNode error = response.json().path("error");
      assertThat(error.path("type").asString()).isEqualTo("idempotency_error");
      assertThat(error.path("message").asString())
          .startsWith("Keys for idempotent requests can only be used with the same parameters")
          .contains("'cmd-1'");
    }

    @Test
    void validationErrorsAreNotStoredSoACorrectedRequestSucceeds() throws Exception {
      Map<String, String> broken = subscriptionCheckout();
      broken.remove("mode");
      assertThat(post("/v1/checkout/sessions", broken, "cmd-1").status()).isEqualTo(400);

      Response corrected = post("/v1/checkout/sessions", subscriptionCheckout(), "cmd-1");

      assertThat(corrected.status()).isEqualTo(200);
      assertThat(corrected.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void keyStillInFlightGets409KeyInUse() throws Exception {
      stripe.addFault(FaultRule.on("POST", "/v1/customers").delay(Duration.ofMillis(600)));
      CompletableFuture<HttpResponse<String>> slow =
          http.sendAsync(
              postRequest("/v1/customers", form("name", "Slow"), "k-1"), BodyHandlers.ofString());
      Thread.sleep(200);

      Response concurrent = post("/v1/customers", form("name", "Slow"), "k-1");

      assertThat(concurrent.status()).isEqualTo(409);
      assertThat(concurrent.json().path("error").path("type").asString())
          .isEqualTo("idempotency_error");
      assertThat(concurrent.json().path("error").path("code").asString())
          .isEqualTo("idempotency_key_in_use");
      assertThat(slow.get().statusCode()).isEqualTo(200);
      assertThat(post("/v1/customers", form("name", "Slow"), "k-1").header("Idempotent-Replayed"))
          .isEqualTo("true");
    }

    @Test
    void concurrentRequestsWithOneKeyCreateExactlyOneSession() throws Exception {
      stripe.setLatency(Duration.ofMillis(100));

      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(
            http.sendAsync(
                postRequest("/v1/checkout/sessions", subscriptionCheckout(), "same-key"),
                BodyHandlers.ofString()));
      }
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        responses.add(call.get());
      }

      assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(200, 409);
      assertThat(
              responses.stream()
                  .filter(r -> r.statusCode() == 200)
                  .map(r -> JSON.readTree(r.body()).path("id").asString())
                  .distinct())
          .hasSize(1);
      assertThat(stripe.journal().stream().filter(e -> e.createdObjectId() != null)).hasSize(1);
    }
  }

  @Nested
  class FaultInjection {

    @Test
    void injected500IsNotCachedSoARetryWithTheSameKeySucceeds() throws Exception {
      stripe.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .bodyContains("cmd-42")
              .respond(500, "api_error", null, "boom"));
      Map<String, String> params = subscriptionCheckout();
      params.put("metadata[commandId]", "cmd-42");

      Response failed = post("/v1/checkout/sessions", params, "cmd-42");
      Response retried = post("/v1/checkout/sessions", params, "cmd-42");

      assertThat(failed.status()).isEqualTo(500);
      assertThat(failed.json().path("error").path("type").asString()).isEqualTo("api_error");
      assertThat(failed.json().path("error").path("message").asString()).isEqualTo("boom");
      assertThat(retried.status()).isEqualTo(200);
      assertThat(retried.header("Idempotent-Replayed")).isNull();
      assertThat(stripe.journal()).extracting(JournalEntry::fault).containsExactly("error", null);
    }

    @Test
    void errorCachedUnderKeyIsReplayedToEveryRetry() throws Exception {
      stripe.addFault(
          FaultRule.on("POST", "/v1/checkout/sessions")
              .cachedUnderKey()
              .respond(500, "api_error", null, "boom"));

      Response failed = post("/v1/checkout/sessions", subscriptionCheckout(), "cmd-1");
      Response retried = post("/v1/checkout/sessions", subscriptionCheckout(), "cmd-1");

      assertThat(retried.status()).isEqualTo(500);
      assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(retried.body()).isEqualTo(failed.body());
      assertThat(post("/v1/checkout/sessions", subscriptionCheckout(), "cmd-2").status())
          .isEqualTo(200);
    }

    @Test
    void resetFaultDropsTheConnectionWithoutAResponse() throws Exception {
      stripe.addFault(FaultRule.on("POST", "/v1/customers").reset());

      assertThatThrownBy(() -> post("/v1/customers", form("name", "X"), "k-1"))
          .isInstanceOf(IOException.class);
      assertThat(post("/v1/customers", form("name", "X"), "k-1").status()).isEqualTo(200);
      assertThat(stripe.journal())
          .extracting(JournalEntry::status, JournalEntry::fault)
          .containsExactly(tuple(0, "reset"), tuple(200, null));
    }

    @Test
    void malformedFaultAnswers200WithABodyThatIsNotJson() throws Exception {
      stripe.addFault(FaultRule.on("GET", "/v1/customers/").malformed());

      Response response = get("/v1/customers/cus_demo_alice");

      assertThat(response.status()).isEqualTo(200);
      assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(JacksonException.class);
      assertThat(get("/v1/customers/cus_demo_alice").json().path("id").asString())
          .isEqualTo("cus_demo_alice");
    }

    @Test
    void faultCarriesItsHeadersAndDeclineCode() throws Exception {
      stripe.addFault(
          FaultRule.onAnyRequest()
              .header("Stripe-Should-Retry", "false")
              .declineCode("insufficient_funds")
              .respond(402, "card_error", "card_declined", "Your card has insufficient funds."));

      Response response = get("/v1/customers/cus_demo_alice");

      assertThat(response.status()).isEqualTo(402);
      assertThat(response.header("Stripe-Should-Retry")).isEqualTo("false");
      JsonNode error = response.json().path("error");
      assertThat(error.path("type").asString()).isEqualTo("card_error");
      assertThat(error.path("code").asString()).isEqualTo("card_declined");
      assertThat(error.path("decline_code").asString()).isEqualTo("insufficient_funds");
    }

    @Test
    void faultAffectsOnlyMatchingRequestsForItsCount() throws Exception {
      stripe.addFault(
          FaultRule.on("GET", "/v1/prices").times(2).respond(503, "api_error", null, "busy"));

      assertThat(get("/v1/customers/cus_demo_bob").status()).isEqualTo(200);
      assertThat(get("/v1/prices/price_demo_monthly").status()).isEqualTo(503);
      assertThat(get("/v1/prices/price_demo_monthly").status()).isEqualTo(503);
      assertThat(get("/v1/prices/price_demo_monthly").status()).isEqualTo(200);
    }

    @Test
    void unlimitedFaultLastsUntilCleared() throws Exception {
      stripe.addFault(FaultRule.on(null, null).times(-1).respond(500, "api_error", null, "down"));

      for (int i = 0; i < 3; i++) {
        assertThat(get("/v1/prices/price_demo_monthly").status()).isEqualTo(500);
      }
      stripe.clearFaults();
      assertThat(get("/v1/prices/price_demo_monthly").status()).isEqualTo(200);
    }
  }

  @Nested
  class LatencyAndRateLimit {

    @Test
    void requestsAboveTheRateLimitGet429() throws Exception {
      stripe.setRateLimit(2);

      List<Response> responses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        responses.add(get("/v1/customers/cus_demo_alice"));
      }

      assertThat(responses.subList(0, 2)).extracting(Response::status).containsOnly(200);
      List<Response> limited = responses.stream().filter(r -> r.status() == 429).toList();
      assertThat(limited).hasSizeGreaterThanOrEqualTo(3);
      JsonNode error = limited.get(0).json().path("error");
      assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
      assertThat(error.path("code").asString()).isEqualTo("rate_limit");
      assertThat(stripe.journal()).extracting(JournalEntry::fault).contains("rate_limited");
    }

    @Test
    void aRequestAboveTheRateLimitGetsStripesRateLimitErrorAndLeavesItsKeyUnused()
        throws Exception {
      stripe.setRateLimit(1);
      assertThat(get("/v1/customers/cus_demo_alice").status()).isEqualTo(200);

      Response limited = post("/v1/customers", form("email", "late@example.com"), "rl-1");

      // Stripe's answer, field for field: a 429 with type invalid_request_error (not a type of
      // its own) and code rate_limit, which the SDKs turn into their RateLimitException.
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.header("Request-Id")).startsWith("req_");
      assertThat(limited.json())
          .isEqualTo(
              JSON.readTree(
                  "{\"error\":{\"code\":\"rate_limit\","
                      + "\"doc_url\":\"https://stripe.com/docs/error-codes/rate-limit\","
                      + "\"message\":\"Request rate limit exceeded. You can learn more about rate"
                      + " limits here https://stripe.com/docs/rate-limits.\","
                      + "\"type\":\"invalid_request_error\"}}"));
      JournalEntry entry = stripe.journal().get(1);
      assertThat(entry.status()).isEqualTo(429);
      assertThat(entry.fault()).isEqualTo("rate_limited");

      // A request the limiter turned away never ran, so Stripe stored nothing under its key: the
      // retry with the same key is carried out, not answered with the 429 again.
      stripe.setRateLimit(0);
      Response retried = post("/v1/customers", form("email", "late@example.com"), "rl-1");
      assertThat(retried.status()).isEqualTo(200);
      assertThat(retried.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void latencyDelaysEachRequestWithoutSerialisingThem() throws Exception {
      stripe.setLatency(Duration.ofMillis(300));
      Instant start = Instant.now();

      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        calls.add(
            http.sendAsync(getRequest("/v1/customers/cus_demo_alice"), BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        assertThat(call.get().statusCode()).isEqualTo(200);
      }

      Duration elapsed = Duration.between(start, Instant.now());
      assertThat(elapsed).isBetween(Duration.ofMillis(300), Duration.ofMillis(2000));
    }
  }

  @Nested
  class RequestJournal {

    @Test
    void journalRecordsEachRequestInArrivalOrder() throws Exception {
      Map<String, String> params = subscriptionCheckout();
      params.put("metadata[commandId]", "cmd-9");
      Response created = post("/v1/checkout/sessions", params, "cmd-9");
      get("/v1/customers?email=bob%40example.com");

      List<JournalEntry> journal = stripe.journal();

      assertThat(journal).hasSize(2);
      JournalEntry post = journal.get(0);
      assertThat(post.seq()).isEqualTo(1);
      assertThat(post.method()).isEqualTo("POST");
      assertThat(post.path()).isEqualTo("/v1/checkout/sessions");
      assertThat(post.idempotencyKey()).isEqualTo("cmd-9");
      assertThat(post.apiKeyPrefix()).isEqualTo("sk_test_");
      assertThat(post.param("line_items[0][price]")).isEqualTo("price_demo_monthly");
      assertThat(post.param("metadata[commandId]")).isEqualTo("cmd-9");
      assertThat(post.status()).isEqualTo(200);
      assertThat(post.createdObjectId()).isEqualTo(created.json().path("id").asString());
      assertThat(post.requestId()).isEqualTo(created.header("Request-Id"));
      JournalEntry list = journal.get(1);
      assertThat(list.seq()).isEqualTo(2);
      assertThat(list.query()).isEqualTo("email=bob%40example.com");
      assertThat(list.params()).containsEntry("email", "bob@example.com");
      assertThat(list.idempotencyKey()).isNull();
      assertThat(list.createdObjectId()).isNull();
    }

    @Test
    void resetRestoresSeedsAndEmptiesTheJournal() throws Exception {
      String id = post("/v1/customers", form("name", "Temp"), null).json().path("id").asString();

      stripe.reset();

      assertThat(stripe.journal()).isEmpty();
      assertThat(get("/v1/customers/" + id).status()).isEqualTo(404);
      assertThat(get("/v1/customers/cus_demo_alice").status()).isEqualTo(200);
    }
  }

  @Nested
  class ControlOverHttp {

    @Test
    void faultPostedOverHttpIsApplied() throws Exception {
      Response added =
          control(
              "POST",
              "/_emulator/faults",
              "{\"method\":\"POST\",\"path\":\"/v1/customers\",\"action\":\"error\","
                  + "\"status\":503,\"headers\":{\"Stripe-Should-Retry\":\"false\"}}");

      assertThat(added.status()).isEqualTo(200);
      assertThat(added.json().path("id").asString()).isEqualTo("fault_1");
      Response faulted = post("/v1/customers", form("name", "X"), null);
      assertThat(faulted.status()).isEqualTo(503);
      assertThat(faulted.header("Stripe-Should-Retry")).isEqualTo("false");
    }

    @Test
    void faultsDeletedOverHttpNoLongerApply() throws Exception {
      control("POST", "/_emulator/faults", "{\"action\":\"reset\",\"times\":-1}");

      assertThat(control("DELETE", "/_emulator/faults", null).status()).isEqualTo(200);

      assertThat(get("/v1/customers/cus_demo_bob").status()).isEqualTo(200);
    }

    @Test
    void journalOverHttpIsAnArrayOfCamelCaseEntries() throws Exception {
      post("/v1/customers", form("name", "X"), "k-1");

      JsonNode journal = control("GET", "/_emulator/journal", null).json();

      assertThat(journal.isArray()).isTrue();
      JsonNode entry = journal.get(0);
      assertThat(entry.path("idempotencyKey").asString()).isEqualTo("k-1");
      assertThat(entry.path("createdObjectId").asString()).startsWith("cus_");
      assertThat(entry.path("params").path("name").asString()).isEqualTo("X");
      assertThat(Instant.parse(entry.path("at").asString())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void configOverHttpSetsLatencyAndRateLimit() throws Exception {
      Response config =
          control("POST", "/_emulator/config", "{\"latencyMs\":50,\"rateLimitPerSecond\":1}");

      assertThat(config.json().path("latencyMs").asLong()).isEqualTo(50);
      assertThat(config.json().path("rateLimitPerSecond").asInt()).isEqualTo(1);
      assertThat(get("/v1/prices/price_demo_yearly").status()).isEqualTo(200);
      assertThat(get("/v1/prices/price_demo_yearly").status()).isEqualTo(429);
    }

    @Test
    void resetOverHttpRestoresTheSeeds() throws Exception {
      String id = post("/v1/customers", form("name", "Temp"), null).json().path("id").asString();

      assertThat(control("POST", "/_emulator/reset", null).status()).isEqualTo(200);

      assertThat(get("/v1/customers/" + id).status()).isEqualTo(404);
    }

    @Test
    void unknownControlRouteOrFieldIsRejectedWithJson() throws Exception {
      Response unknownRoute = control("GET", "/_emulator/nope", null);
      assertThat(unknownRoute.status()).isEqualTo(404);
      assertThat(unknownRoute.json().path("error").path("message").asString()).contains("nope");

      Response unknownField = control("POST", "/_emulator/faults", "{\"stauts\":500}");
      assertThat(unknownField.status()).isEqualTo(400);
      assertThat(unknownField.json().path("error").path("message").asString()).contains("stauts");
    }
  }

  /** A valid subscription-mode checkout request, for tests to vary. */
  private static Map<String, String> subscriptionCheckout() {
    return form(
        "mode", "subscription",
        "line_items[0][price]", "price_demo_monthly",
        "line_items[0][quantity]", "1",
        "success_url", "https://example.com/ok",
        "cancel_url", "https://example.com/back");
  }

  private static Map<String, String> form(String... namesAndValues) {
    Map<String, String> form = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      form.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return form;
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.path("data").forEach(customer -> ids.add(customer.path("id").asString()));
    return ids;
  }

  private record Response(int status, String body, HttpHeaders headers) {

    JsonNode json() {
      return JSON.readTree(body);
    }

    @Nullable String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private static URI uri(String path) {
    return URI.create(stripe.baseUrl() + path);
  }

  private static HttpRequest getRequest(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY).build();
  }

  private static HttpRequest postRequest(
      String path, Map<String, String> params, @Nullable String idempotencyKey) {
    String body =
        params.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + API_KEY)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return request.build();
  }

  private static Response get(String path) throws IOException, InterruptedException {
    return send(getRequest(path));
  }

  private static Response post(
      String path, Map<String, String> params, @Nullable String idempotencyKey)
      throws IOException, InterruptedException {
    return send(postRequest(path, params, idempotencyKey));
  }

  private static Response delete(String path, String query)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(query.isEmpty() ? path : path + "?" + query))
            .header("Authorization", "Bearer " + API_KEY)
            .DELETE()
            .build());
  }

  private static Response control(String method, String path, @Nullable String json)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
            .build());
  }

  private static Response send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body(), response.headers());
  }
}
