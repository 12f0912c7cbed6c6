package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wrench.support.LocalHttp;
import dev.wrench.support.TestDatabase;
import dev.wrench.support.Tokens;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM to the packaged jar while 16 clients keep posting work orders over keep-alive
 * connections, as a load balancer's clients would. Every answer is a 201 or a 503 problem; every
 * write the server made was answered (the rows in the database are the 201s: a client never has to
 * wonder whether a write it got no answer for happened); a normal shutdown logs no WARN or ERROR,
 * and nothing but JSON lines reaches stdout. With a drain delay, answers during the drain say
 * {@code Connection: close}, no request is cut off before the listener closes, and new connections
 * are refused after it.
 */
class ShutdownUnderLoadIT {

  private static final int CLIENTS = 16;

  @TempDir Path workDir;

  /** One request: when it was sent and ended (ms after the signal; negative before it). */
  private record Outcome(
      long sentMs, long endedMs, int status, String connection, String body, Throwable failure) {

    boolean answered() {
      return failure == null;
    }

    boolean refused() {
      return failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
    }
  }

  @ParameterizedTest(name = "drain delay {0} ms")
  @ValueSource(ints = {3000, 0})
  void sigtermUnderLoadAnswersEveryRequestItRead(int drainDelayMs) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    try (TestDatabase database = TestDatabase.create()) {
      int port = LocalHttp.freePort();
      Process service = start(port, database.url(), drainDelayMs);
      Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      long[] signalAt = {Long.MAX_VALUE};
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> LocalHttp.status(client, port, "/health/ready") == 200);
        String bearer =
            "Bearer " + Tokens.login(client, port, "load@wrench.test", "load-test-password");
        for (int i = 0; i < CLIENTS; i++) {
          Thread thread =
              new Thread(() -> post(client, port, bearer, stop, outcomes, signalAt), "client-" + i);
          thread.start();
          clients.add(thread);
        }
        await("load under way").atMost(Duration.ofSeconds(30)).until(() -> outcomes.size() >= 300);

        signalAt[0] = System.nanoTime();
        service.destroy(); // SIGTERM
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("the process exits").isTrue();
      } finally {
        stop.set(true);
        for (Thread thread : clients) {
          thread.join(30_000);
        }
        service.destroyForcibly();
      }

      List<Outcome> all = List.copyOf(outcomes);
      List<Outcome> answered = all.stream().filter(Outcome::answered).toList();
      List<Outcome> cutOff = all.stream().filter(o -> !o.answered() && !o.refused()).toList();
      System.out.printf(
          "drain %d ms: %d requests, %d answered (%d after the signal), %d refused, %d cut off at"
              + " %s ms after the signal%n",
          drainDelayMs,
          all.size(),
          answered.size(),
          answered.stream().filter(o -> o.endedMs() >= 0).count(),
          all.stream().filter(Outcome::refused).count(),
          cutOff.size(),
          cutOff.stream().map(o -> o.sentMs() + ".." + o.endedMs()).toList());

      for (Outcome o : answered) {
        assertThat(o.status()).as("answer %s", o).isIn(201, 503);
        if (o.status() == 503) {
          assertThat(new JsonObject(o.body()).getInteger("status")).as("a problem").isEqualTo(503);
        }
      }
      assertThat(answered.stream().filter(o -> o.endedMs() < 0).count())
          .as("answered before the signal")
          .isGreaterThanOrEqualTo(300);
      // Every write was answered: a request the server read and carried out was never cut off.
      assertThat(workOrdersIn(database))
          .as("rows written = 201 answers")
          .isEqualTo(answered.stream().filter(o -> o.status() == 201).count());
      if (drainDelayMs > 0) {
        assertDrain(drainDelayMs, all, answered, cutOff);
      }
      assertCleanLog(Files.readAllLines(workDir.resolve("service.log")));
    }
  }

  /**
   * During the drain every answer says {@code Connection: close} (from a margin after the signal,
   * which the process takes to act on), nothing sent before its end is cut off, and afterwards new
   * connections are refused. A request sent within a moment of the listener's close can still meet
   * it on a connection the kernel accepted but the server never read (the accept race every server
   * has): those are printed above and covered by the rows check, not counted as failures.
   */
  private static void assertDrain(
      int drainDelayMs, List<Outcome> all, List<Outcome> answered, List<Outcome> cutOff) {
    List<Outcome> duringDrain =
        answered.stream()
            .filter(o -> o.sentMs() >= 500 && o.sentMs() < drainDelayMs - 500)
            .toList();
    assertThat(duringDrain).as("answers during the drain").isNotEmpty();
    assertThat(duringDrain)
        .as("answers during the drain end their connection")
        .allSatisfy(o -> assertThat(o.connection()).isEqualToIgnoringCase("close"));
    assertThat(cutOff.stream().filter(o -> o.sentMs() < drainDelayMs - 500).toList())
        .as("cut off during the drain")
        .isEmpty();
    assertThat(all.stream().filter(o -> o.refused() && o.sentMs() >= drainDelayMs).count())
        .as("new connections refused after the drain")
        .isPositive();
  }

  /** JSON lines only; no WARN or ERROR once the shutdown starts; the last line says it stopped. */
  private static void assertCleanLog(List<String> lines) {
    assertThat(lines).isNotEmpty();
    boolean shuttingDown = false;
    List<String> warnings = new ArrayList<>();
    for (String line : lines) {
      JsonObject entry = new JsonObject(line); // fails on a raw stack trace or any other text
      shuttingDown |= String.valueOf(entry.getString("message")).startsWith("Shutting down");
      if (shuttingDown && !List.of("INFO", "DEBUG").contains(entry.getString("level"))) {
        warnings.add(line);
      }
    }
    assertThat(shuttingDown).as("the shutdown is logged").isTrue();
    assertThat(warnings).as("WARN or ERROR lines once shutting down").isEmpty();
    assertThat(lines.get(lines.size() - 1)).contains("Wrench stopped");
  }

  private static void post(
      HttpClient client,
      int port,
      String bearer,
      AtomicBoolean stop,
      Queue<Outcome> outcomes,
      long[] signalAt) {
    int n = 0;
    while (!stop.get()) {
      HttpRequest request =
          HttpRequest.newBuilder(LocalHttp.uri(port, "/api/v1/work-orders"))
              .header("Authorization", bearer)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      new JsonObject()
                          .put("title", Thread.currentThread().getName() + " #" + n++)
                          .encode()))
              .build();
      long sent = System.nanoTime();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        outcomes.add(
            new Outcome(
                sinceSignal(sent, signalAt),
                sinceSignal(System.nanoTime(), signalAt),
                response.statusCode(),
                response.headers().firstValue("Connection").orElse(""),
                response.body(),
                null));
      } catch (IOException e) {
        Outcome failed =
            new Outcome(
                sinceSignal(sent, signalAt),
                sinceSignal(System.nanoTime(), signalAt),
                -1,
                "",
                "",
                e);
        outcomes.add(failed);
        if (failed.refused()) {
          return; // the listener is closed: this client is done
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long sinceSignal(long nanos, long[] signalAt) {
    long signal = signalAt[0];
    return signal == Long.MAX_VALUE ? -1 : (nanos - signal) / 1_000_000;
  }

  private static long workOrdersIn(TestDatabase database) throws Exception {
    try (Connection sql = database.connect();
        Statement count = sql.createStatement();
        ResultSet rows =
            count.executeQuery("SELECT count(*) FROM work_orders WHERE title LIKE 'client-%'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private Process start(int port, String databaseUrl, int drainDelayMs) throws IOException {
    return LocalHttp.startJar(
        workDir,
        k -> k.startsWith("REDIS") || k.startsWith("BOOTSTRAP_") || k.startsWith("LOG_"),
        Map.of(
            "DATABASE_URL", databaseUrl,
            "HTTP_PORT", String.valueOf(port),
            "BOOTSTRAP_ADMIN_EMAIL", "load@wrench.test",
            "BOOTSTRAP_ADMIN_PASSWORD", "load-test-password",
            "PASSWORD_HASH_ITERATIONS", "1000",
            "RATE_LIMIT_PER_MINUTE", "1000000",
            "RATE_LIMIT_ANONYMOUS_PER_MINUTE", "1000000",
            "SHUTDOWN_DRAIN_DELAY_MS", String.valueOf(drainDelayMs),
            "SHUTDOWN_GRACE_SECONDS", "10"));
  }
}
