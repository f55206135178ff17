package dev.paymentworker.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs the items of one batch concurrently across keys and strictly in order within a key, with at
 * most {@code concurrency} items in progress in the whole instance (shared by every batch being
 * run, so by every consumer thread).
 *
 * <p>The items of one key form a chain that one task runs from start to end, so a key never has two
 * items in progress and a later item never starts before an earlier one ended. Chains are started
 * longest first (the batch ends when its longest chain ends), each holding one of the {@code
 * concurrency} permits while it runs. The caller's thread blocks while no permit is free: that is
 * the backpressure, and the pool's queue can never hold more than {@code concurrency} tasks.
 *
 * <p>Before each item the chain asks {@code mayStart}; once it says no, the chain stops and the
 * rest of its items stay not run. An item that started always runs to its end: the caller waits for
 * it unless {@code abandonAt} (a {@link System#nanoTime()} value) passes first.
 */
final class KeyOrderedExecutor implements AutoCloseable {

  private final int concurrency;
  private final Semaphore permits;
  private final ThreadPoolExecutor pool;

  KeyOrderedExecutor(int concurrency) {
    this.concurrency = concurrency;
    this.permits = new Semaphore(concurrency, true);
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(concurrency),
            task -> {
              Thread thread = new Thread(task, "command-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  int concurrency() {
    return concurrency;
  }

  /**
   * Runs {@code work} over {@code items}.
   *
   * @param keyOf the ordering key of an item; items with a {@code null} key are independent
   * @param mayStart asked before each item starts
   * @param abandonAt when to stop waiting for items in progress ({@link System#nanoTime()}); asked
   *     repeatedly, so it may move (for instance when shutdown begins)
   * @return the result of each item by position, {@code null} for an item that did not run or did
   *     not end in time
   */
  <T, R> List<@Nullable R> run(
      List<T> items,
      Function<T, @Nullable Object> keyOf,
      Function<T, R> work,
      BooleanSupplier mayStart,
      LongSupplier abandonAt)
      throws InterruptedException {
    List<List<Integer>> chains = chains(items, keyOf);
    Object[] results = new Object[items.size()];
    CountDownLatch done = new CountDownLatch(chains.size());
    for (List<Integer> chain : chains) {
      if (!acquire(mayStart, abandonAt)) {
        done.countDown();
        continue;
      }
      pool.execute(
          () -> {
            try {
              for (int index : chain) {
                if (!mayStart.getAsBoolean()) {
                  return;
                }
                R result = work.apply(items.get(index));
                synchronized (results) {
                  results[index] = result;
                }
              }
            } finally {
              permits.release();
              done.countDown();
            }
          });
    }
    while (!done.await(50, TimeUnit.MILLISECONDS)) {
      if (System.nanoTime() - abandonAt.getAsLong() >= 0) {
        break;
      }
    }
    synchronized (results) {
      @SuppressWarnings("unchecked")
      List<@Nullable R> copy = (List<@Nullable R>) Arrays.asList(results.clone());
      return copy;
    }
  }

  /** Waits for a permit while items may still start; false when they no longer may. */
  private boolean acquire(BooleanSupplier mayStart, LongSupplier abandonAt)
      throws InterruptedException {
    while (mayStart.getAsBoolean() && System.nanoTime() - abandonAt.getAsLong() < 0) {
      if (permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  /** Positions grouped by key, in batch order within a group, longest group first. */
  static <T> List<List<Integer>> chains(List<T> items, Function<T, @Nullable Object> keyOf) {
    Map<Object, List<Integer>> byKey = new LinkedHashMap<>();
    List<List<Integer>> chains = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Object key = keyOf.apply(items.get(i));
      if (key == null) {
        chains.add(new ArrayList<>(List.of(i)));
      } else {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    chains.addAll(byKey.values());
    // Stable: chains of one length keep batch order.
    chains.sort(Comparator.comparingInt((List<Integer> chain) -> chain.size()).reversed());
    return chains;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
