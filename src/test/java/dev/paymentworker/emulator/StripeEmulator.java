package dev.paymentworker.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stateful stand-in for the Stripe API, for tests and the local stack where Stripe cannot be
 * reached. It serves the {@code /v1} endpoints the worker uses with Stripe's JSON shapes, error
 * bodies and idempotency semantics; injects faults, latency and rate limiting on demand; and
 * journals every request. Under {@code /_emulator/} it offers the same controls over HTTP.
 *
 * <p>It emulates:
 *
 * <ul>
 *   <li>customers: create, retrieve, list (by email); seeded {@code cus_demo_alice}, {@code
 *       cus_demo_bob}, {@code cus_demo_carol} (deleted), {@code cus_demo_dana1} and {@code
 *       cus_demo_dana2} (one email for two customers);
 *   <li>prices: retrieve; seeded {@code price_demo_monthly}, {@code price_demo_yearly} and the
 *       one-time {@code price_demo_onetime};
 *   <li>Checkout sessions: create, retrieve;
 *   <li>subscriptions: retrieve, list (by customer and status), update (items, proration behaviour,
 *       cancellation at period end, paused collection, metadata), cancel; seeded {@code
 *       sub_demo_active}, {@code sub_demo_trialing}, {@code sub_demo_past_due}, {@code
 *       sub_demo_canceled} and {@code sub_demo_bob_second}. A change to a subscription that another
 *       change is still processing gets Stripe's 429 {@code lock_timeout};
 *   <li>billing portal sessions: create.
 * </ul>
 *
 * <pre>{@code
 * try (StripeEmulator stripe = StripeEmulator.start(0)) {
 *   StripeClient client = StripeClient.builder().setApiKey("sk_test_x")
 *       .setApiBase(stripe.baseUrl()).build();
 *   stripe.addFault(
 *       FaultRule.on("POST", "/v1/checkout/sessions").respond(500, "api_error", null, "boom"));
 *   ...
 *   assertThat(stripe.journal()).extracting(JournalEntry::status).containsExactly(500, 200);
 * }
 * }</pre>
 *
 * <p>Run standalone with {@code java ... dev.paymentworker.emulator.StripeEmulator [--port 12111]}.
 */
public final class StripeEmulator implements AutoCloseable {

  /** The port Stripe's own stripe-mock listens on, so existing habits carry over. */
  public static final int DEFAULT_PORT = 12111;

  static final JsonMapper JSON = JsonMapper.builder().build();

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, the body then
    // waits for the client's delayed ACK and every response costs ~40 ms. The property is read
    // once, when the JVM creates its first HttpServer, so set it before that unless someone chose.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  // Enough handler threads that injected latency overlaps instead of queueing requests: more than
  // the Stripe calls a worker makes at once (worker.engine.concurrency, 64 by default). With fewer,
  // the emulator itself caps throughput at threads / latency and make bench measures the emulator.
  private static final int HANDLER_THREADS = 256;
  private static final String USAGE =
      "usage: StripeEmulator [--host 127.0.0.1] [--port "
          + DEFAULT_PORT
          + "] [--latency-ms 0] [--rate-limit 0]";

  /** Command-line settings; also what {@link #reset()} returns the configuration to. */
  private record Options(String host, int port, Duration latency, int rateLimit) {

    static Options parse(String[] args) {
      String host = "127.0.0.1";
      int port = DEFAULT_PORT;
      long latencyMs = 0;
      int rateLimit = 0;
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + args[i]);
        }
        String value = args[i + 1];
        try {
          switch (args[i]) {
            case "--host" -> host = value;
            case "--port" -> port = Integer.parseInt(value);
            case "--latency-ms" -> latencyMs = Long.parseLong(value);
            case "--rate-limit" -> rateLimit = Integer.parseInt(value);
            default -> throw new IllegalArgumentException("unknown option " + args[i]);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("not a number for " + args[i] + ": " + value);
        }
      }
      if (port < 0 || port > 65535 || latencyMs < 0 || rateLimit < 0) {
        throw new IllegalArgumentException("port, latency and rate limit must be in range");
      }
      return new Options(host, port, Duration.ofMillis(latencyMs), rateLimit);
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers;
  private final Options startedWith;
  private final @Nullable PrintStream requestLog;
  private final EmulatorState state = new EmulatorState();
  private final RequestPipeline pipeline = new RequestPipeline(new StripeApi(state));
  private final Journal journal = new Journal();
  private final ControlApi control = new ControlApi(this);
  private final AtomicBoolean closed = new AtomicBoolean();

  private StripeEmulator(Options options, @Nullable PrintStream requestLog) throws IOException {
    this.startedWith = options;
    this.requestLog = requestLog;
    this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 128);
    AtomicInteger threadCount = new AtomicInteger();
    this.handlers =
        Executors.newFixedThreadPool(
            HANDLER_THREADS,
            task -> {
              Thread thread = new Thread(task, "stripe-emulator-" + threadCount.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    setLatency(options.latency());
    setRateLimit(options.rateLimit());
    server.start();
  }

  /**
   * Starts an emulator on 127.0.0.1.
   *
   * @param port the port to listen on; 0 picks a free one, see {@link #port()}
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static StripeEmulator start(int port) {
    return start(new Options("127.0.0.1", port, Duration.ZERO, 0), null);
  }

  private static StripeEmulator start(Options options, @Nullable PrintStream requestLog) {
    try {
      return new StripeEmulator(options, requestLog);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    }
  }

  /** The port the emulator listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The URL to give a Stripe client as its API base, e.g. {@code http://127.0.0.1:12111}. */
  public String baseUrl() {
    // A wildcard bind is reachable on loopback, which is what a local client needs.
    String host =
        server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : startedWith.host();
    return "http://" + host + ":" + port();
  }

  /**
   * Returns to the state at start: seeded objects only, an empty journal and idempotency cache, no
   * faults, and the latency and rate limit the emulator was started with.
   */
  public void reset() {
    pipeline.reset();
    state.reset();
    journal.reset();
    setLatency(startedWith.latency());
    setRateLimit(startedWith.rateLimit());
  }

  /** Adds a fault rule after those already in force; returns its id, e.g. {@code fault_1}. */
  public String addFault(FaultRule rule) {
    return pipeline.faults().add(rule);
  }

  /** Removes every fault rule. */
  public void clearFaults() {
    pipeline.faults().clear();
  }

  /** Adds {@code latency} to every {@code /v1} request from now on. */
  public void setLatency(Duration latency) {
    pipeline.setLatency(latency);
  }

  /** Limits {@code /v1} requests to {@code perSecond}, answering 429 above it; 0 turns it off. */
  public void setRateLimit(int perSecond) {
    pipeline.rateLimiter().setRate(perSecond);
  }

  /** Every answered {@code /v1} request since the last reset, in arrival order. */
  public List<JournalEntry> journal() {
    return journal.entries();
  }

  /** Stops listening and abandons requests still in progress. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      handlers.shutdownNow();
    }
  }

  Duration latency() {
    return pipeline.latency();
  }

  int rateLimit() {
    return pipeline.rateLimiter().rate();
  }

  List<Map<String, Object>> describeFaults() {
    return pipeline.faults().describe();
  }

  private void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/_emulator") || path.startsWith("/_emulator/")) {
        control.handle(exchange);
      } else {
        serveApi(exchange);
      }
    } catch (IOException e) {
      // The client went away mid-exchange (e.g. its timeout fired during injected latency).
    } finally {
      // Closing before a response was sent drops the connection: that is how "reset" is done.
      exchange.close();
    }
  }

  private void serveApi(HttpExchange exchange) throws IOException {
    Journal.Ticket ticket = journal.arrive();
    Instant arrivedAt = Instant.now();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String query = Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), "");
    String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
    Headers headers = exchange.getRequestHeaders();
    RequestPipeline.Call call =
        new RequestPipeline.Call(
            Ids.requestId(),
            method,
            exchange.getRequestURI().getPath(),
            query,
            body,
            params(method, query, body),
            headers.getFirst("Idempotency-Key"),
            apiKey(headers.getFirst("Authorization")));

    Reply reply = pipeline.answer(call);

    // Journal before answering, so a client that has its response always finds it journaled.
    JournalEntry entry =
        new JournalEntry(
            ticket.seq(),
            arrivedAt,
            method,
            call.path(),
            query,
            call.idempotencyKey(),
            keyPrefix(call.apiKey()),
            call.params(),
            reply.status(),
            reply.replayed(),
            reply.fault(),
            reply.createdObjectId(),
            call.requestId());
    journal.add(ticket, entry);
    logRequest(entry);
    if (!reply.dropsConnection()) {
      send(exchange, call, reply);
    }
  }

  /**
   * A POST's parameters are its form body, a GET's its query string; a DELETE's may come either way
   * (stripe-java sends them in the query, curl users in a body), so both are read.
   */
  private static Map<String, String> params(String method, String query, String body) {
    return switch (method) {
      case "POST" -> FormParams.parse(body);
      case "DELETE" -> FormParams.parse(body.isEmpty() ? query : query + "&" + body);
      default -> FormParams.parse(query);
    };
  }

  /**
   * The key from {@code Bearer <key>} (the SDKs) or {@code Basic} with the key as user (curl -u).
   */
  private static @Nullable String apiKey(@Nullable String authorization) {
    if (authorization == null) {
      return null;
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String user =
            new String(Base64.getDecoder().decode(authorization.substring(6).trim()), UTF_8);
        int colon = user.indexOf(':');
        return colon < 0 ? user : user.substring(0, colon);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  /** Enough of a key to tell test from live and secret from restricted, never the secret. */
  private static @Nullable String keyPrefix(@Nullable String apiKey) {
    return apiKey == null ? null : apiKey.substring(0, Math.min(8, apiKey.length()));
  }

  private static void send(HttpExchange exchange, RequestPipeline.Call call, Reply reply)
      throws IOException {
    Headers out = exchange.getResponseHeaders();
    out.set("Content-Type", "application/json");
    out.set("Request-Id", call.requestId());
    if (call.idempotent()) {
      out.set("Idempotency-Key", call.idempotencyKey());
    }
    reply.headers().forEach(out::set);
    sendBody(exchange, reply.status(), reply.body());
  }

  static void sendBody(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void logRequest(JournalEntry entry) {
    if (requestLog != null) {
      requestLog.println(
          entry.method()
              + " "
              + entry.path()
              + " "
              + entry.status()
              + (entry.replayed() ? " replayed" : "")
              + (entry.fault() != null ? " fault=" + entry.fault() : ""));
    }
  }

  /**
   * Runs the emulator until the process is stopped (SIGTERM or Ctrl-C).
   *
   * <p>Options: {@code --host} (default 127.0.0.1), {@code --port} (default {@value
   * #DEFAULT_PORT}), {@code --latency-ms} (default 0), {@code --rate-limit} requests per second
   * (default 0, off).
   */
  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("StripeEmulator: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    StripeEmulator emulator;
    try {
      emulator = start(options, System.out);
    } catch (UncheckedIOException e) {
      System.err.println("StripeEmulator: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  System.out.println("Stripe emulator stopped");
                },
                "stripe-emulator-shutdown"));
    System.out.printf(
        "Stripe emulator listening on %s (seeded: %d customers, %d prices, %d subscriptions)%n",
        emulator.baseUrl(),
        emulator.state.customerCount(),
        emulator.state.priceCount(),
        emulator.state.subscriptionCount());
    // The HTTP server's dispatcher thread keeps the JVM running until the shutdown hook stops it.
  }
}
