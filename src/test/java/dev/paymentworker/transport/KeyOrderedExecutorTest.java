package dev.paymentworker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyOrderedExecutorTest {

  private static final long NEVER = Duration.ofDays(1).toNanos();

  private final KeyOrderedExecutor executor = new KeyOrderedExecutor(4);

  @AfterEach
  void close() {
    executor.close();
  }

  record Item(@Nullable String key, int n) {}

  private static List<Item> items(int keys, int perKey) {
    List<Item> items = new ArrayList<>();
    for (int n = 0; n < perKey; n++) {
      for (int k = 0; k < keys; k++) {
        items.add(new Item("k" + k, n));
      }
    }
    return items;
  }

  @Test
  void itemsOfOneKeyRunOneAtATimeInBatchOrder() throws Exception {
    List<Item> items = items(3, 20);
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    AtomicBoolean overlap = new AtomicBoolean();
    List<@Nullable Integer> results =
        executor.run(
            items,
            Item::key,
            item -> {
              AtomicInteger running =
                  inProgress.computeIfAbsent(item.key(), k -> new AtomicInteger());
              if (running.incrementAndGet() > 1) {
                overlap.set(true);
              }
              sleep(1);
              seen.computeIfAbsent(item.key(), k -> Collections.synchronizedList(new ArrayList<>()))
                  .add(item.n());
              running.decrementAndGet();
              return item.n();
            },
            () -> true,
            () -> System.nanoTime() + NEVER);

    assertThat(overlap).isFalse();
    assertThat(seen).hasSize(3);
    List<Integer> inOrder = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      inOrder.add(n);
    }
    seen.values().forEach(order -> assertThat(order).containsExactlyElementsOf(inOrder));
    for (int i = 0; i < items.size(); i++) {
      assertThat(results.get(i)).isEqualTo(items.get(i).n());
    }
  }

  @Test
  void differentKeysRunInParallelUpToTheConcurrencyAndNoFurther() throws Exception {
    List<Item> items = items(12, 2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    long started = System.nanoTime();
    executor.run(
        items,
        Item::key,
        item -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          sleep(50);
          running.decrementAndGet();
          return item.n();
        },
        () -> true,
        () -> System.nanoTime() + NEVER);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(most.get()).isEqualTo(4);
    // 24 items of 50 ms, 4 at a time: 300 ms; one at a time would be 1,200 ms.
    assertThat(millis).isBetween(280L, 900L);
  }

  @Test
  void itemsWithoutAKeyAreIndependent() throws Exception {
    List<Item> items = List.of(new Item(null, 0), new Item(null, 1), new Item(null, 2));
    CountDownLatch allStarted = new CountDownLatch(3);
    List<@Nullable Boolean> results =
        executor.run(
            items,
            Item::key,
            item -> {
              allStarted.countDown();
              try {
                // Only true if all three are in progress together.
                return allStarted.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            () -> true,
            () -> System.nanoTime() + NEVER);
    assertThat(results).containsExactly(true, true, true);
  }

  @Test
  void onceItemsMayNoLongerStartTheRestOfEachKeyIsLeftUnrun() throws Exception {
    List<Item> items = items(2, 5);
    AtomicInteger ran = new AtomicInteger();
    List<@Nullable Integer> results =
        executor.run(
            items,
            Item::key,
            item -> {
              ran.incrementAndGet();
              return item.n();
            },
            () -> ran.get() < 3,
            () -> System.nanoTime() + NEVER);

    assertThat(results.stream().filter(r -> r != null).count()).isEqualTo(3);
    // Per key, what ran is a prefix: no later item ran after an earlier one was skipped.
    for (String key : List.of("k0", "k1")) {
      boolean gap = false;
      for (int i = 0; i < items.size(); i++) {
        if (!items.get(i).key().equals(key)) {
          continue;
        }
        if (results.get(i) == null) {
          gap = true;
        } else {
          assertThat(gap).as("item %s ran after an earlier one of its key did not", i).isFalse();
        }
      }
    }
  }

  @Test
  void itemsStillInProgressAtTheAbandonTimeHaveNoResult() throws Exception {
    List<Item> items = List.of(new Item("fast", 0), new Item("slow", 0));
    long abandonAt = System.nanoTime() + Duration.ofMillis(300).toNanos();
    List<@Nullable String> results =
        executor.run(
            items,
            Item::key,
            item -> {
              if (item.key().equals("slow")) {
                sleep(3_000);
              }
              return item.key();
            },
            () -> true,
            () -> abandonAt);

    assertThat(results).containsExactly("fast", null);
  }

  @Test
  void longestChainsStartFirst() {
    List<Item> items =
        List.of(new Item("a", 0), new Item("b", 0), new Item("b", 1), new Item(null, 0));
    assertThat(KeyOrderedExecutor.chains(items, Item::key))
        .containsExactly(List.of(1, 2), List.of(3), List.of(0));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
