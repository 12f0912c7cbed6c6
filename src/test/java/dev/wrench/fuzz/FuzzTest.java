package dev.wrench.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.fuzz.ContractOperations.Operation;
import dev.wrench.support.ContractValidator;
import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of every operation of {@code openapi/wrench.yaml} (read from the document,
 * so a new operation is covered without listing it) on a real server, over raw sockets: each try is
 * a batch with one malformed or boundary request per operation plus a few that break HTTP itself.
 * For every request: an answer comes (no hang, no dropped connection), it is never a 5xx, every 4xx
 * is problem+json (RFC 6749 JSON for the OAuth endpoints' 400/401, as the contract says), the
 * answer is one the contract describes, and a refused request leaves the database as it was (row
 * counts and a hash of every row, compared around each write).
 */
class FuzzTest {

  private static final int WILD_PER_BATCH = 6;
  private static final int TIMEOUT_MILLIS = 10_000;

  private static WrenchServer server;
  private static ContractValidator contract;
  private static List<Operation> operations;
  private static RequestFuzzer fuzzer;
  private static RawHttp raw;
  private static DatabaseFingerprint fingerprint;
  private static String adminToken;
  private static final AtomicInteger SENT = new AtomicInteger();

  @BeforeContainer
  static void startServer() throws Exception {
    // Background work that writes on its own schedule (overdue events, attachment sweeps) waits
    // until the run is over, so that only requests can change the database.
    server =
        WrenchServer.start(
            new JsonObject()
                .put("events", new JsonObject().put("overdue_check_ms", 3_600_000))
                .put(
                    "attachments",
                    new JsonObject().put("worker", new JsonObject().put("sweep_ms", 3_600_000))));
    contract = ContractValidator.get(server.vertx());
    JsonObject document =
        Http.await(
            io.vertx.openapi.impl.Utils.readYamlOrJson(server.vertx(), "openapi/wrench.yaml"));
    operations = new ContractOperations(document).all();
    adminToken = server.adminToken();
    Http http = server.http();
    String asset = created(http.post("/api/v1/assets").token(adminToken), "{\"name\":\"Fuzz\"}");
    WrenchServer.Technician technician = server.createTechnicianUser();
    WrenchServer.User requester = server.createUser("requester");
    String workOrder =
        WorkOrders.create(
                http,
                adminToken,
                new JsonObject()
                    .put("title", "Fuzz target")
                    .put("asset_id", asset)
                    .put("assignee_id", technician.technicianId())
                    .put("requester_id", requester.id()))
            .getString("id");
    created(
        http.post("/api/v1/work-orders/" + workOrder + "/comments").token(adminToken),
        "{\"body\":\"a comment\"}");
    fuzzer =
        new RequestFuzzer(
            new RequestFuzzer.Fixture(
                adminToken,
                technician.user().token(),
                requester.token(),
                Map.of(
                    "work-orders",
                    workOrder,
                    "assets",
                    asset,
                    "technicians",
                    technician.technicianId(),
                    "users",
                    requester.id())));
    raw = new RawHttp(http.port(), TIMEOUT_MILLIS);
    fingerprint = new DatabaseFingerprint(server.database().connect());
  }

  private static String created(Http.Call call, String json) {
    Http.Response response = call.json(json).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().getString("id");
  }

  @AfterContainer
  static void stopServer() throws Exception {
    System.out.println(
        "FuzzTest: "
            + SENT.get()
            + " requests over "
            + (operations == null ? 0 : operations.size())
            + " operations");
    if (fingerprint != null) {
      fingerprint.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * 100 tries per run ({@code jqwik.tries.default} in junit-platform.properties; {@code
   * -Djqwik.tries.default=N} for more), each one request per operation and six more. Shrinking is
   * off: the report names each failing request, and re-sending smaller ones changes the server's
   * state.
   */
  @Property(shrinking = ShrinkingMode.OFF)
  void malformedRequestsAreRefusedCleanly(@ForAll("batches") List<FuzzRequest> batch) {
    List<String> failures = new ArrayList<>();
    String expected = fingerprint.take();
    for (FuzzRequest request : batch) {
      boolean write = !request.method().equals("GET") && !request.method().equals("HEAD");
      if (write) {
        String now = fingerprint.take();
        if (!now.equals(expected)) {
          failures.add(
              "the database changed under refused requests ("
                  + changed(expected, now)
                  + "), before: "
                  + request);
          expected = now;
        }
      }
      RawHttp.Answer answer = raw.send(request.head(currentEtag(request)), request.body());
      SENT.incrementAndGet();
      failures.addAll(problems(request, answer));
      if (write && answer.status() >= 200 && answer.status() < 400) {
        expected = fingerprint.take();
      }
    }
    if (!fingerprint.take().equals(expected)) {
      failures.add("the database changed under the batch's last refused requests");
    }
    assertThat(failures).as("%d requests", batch.size()).isEmpty();
  }

  /** The tables whose line of the fingerprint differs. */
  private static String changed(String before, String after) {
    java.util.Set<String> was = new java.util.HashSet<>(List.of(before.split("\n")));
    List<String> tables = new ArrayList<>();
    for (String line : after.split("\n")) {
      if (!was.contains(line)) {
        tables.add(line.split(":")[0]);
      }
    }
    return String.join(", ", tables);
  }

  @Provide
  Arbitrary<List<FuzzRequest>> batches() {
    List<Arbitrary<FuzzRequest>> parts = new ArrayList<>();
    for (Operation operation : operations) {
      parts.add(Arbitraries.randomValue(random -> fuzzer.generate(operation, random)));
    }
    for (int i = 0; i < WILD_PER_BATCH; i++) {
      parts.add(Arbitraries.randomValue(random -> fuzzer.wild(random, operations)));
    }
    return Combinators.combine(parts).as(List::copyOf);
  }

  /** What is wrong with {@code answer} to {@code request}; empty when nothing is. */
  static List<String> problems(FuzzRequest request, RawHttp.Answer answer) {
    List<String> problems = new ArrayList<>();
    if (answer.hung()) {
      problems.add("no answer within " + TIMEOUT_MILLIS + " ms: " + request);
      return problems;
    }
    if (answer.status() <= 0) {
      problems.add("the connection closed without an answer: " + request);
      return problems;
    }
    String shown = answer.status() + " " + abbreviate(answer.bodyText()) + " ← " + request;
    if (answer.status() >= 500) {
      problems.add("server error " + shown);
      return problems;
    }
    String type = answer.header("Content-Type");
    boolean head = request.method().equals("HEAD");
    if (answer.status() >= 400) {
      // The OAuth endpoints answer RFC 6749 errors (RFC 7009 §2.2.1 for revocation).
      boolean oauth =
          (request.path().equals("/oauth/token") || request.path().equals("/oauth/revoke"))
              && request.method().equals("POST")
              && (answer.status() == 400 || answer.status() == 401);
      String wanted = oauth ? "application/json" : "application/problem+json";
      if (type == null || !type.startsWith(wanted)) {
        problems.add(
            "a " + answer.status() + " that is not " + wanted + " (" + type + "): " + shown);
        return problems;
      }
      if (!head) {
        try {
          JsonObject body = new JsonObject(Buffer.buffer(answer.body()));
          boolean shaped =
              oauth
                  ? body.getValue("error") instanceof String
                  : Integer.valueOf(answer.status()).equals(body.getInteger("status"))
                      && body.getValue("type") instanceof String;
          if (!shaped) {
            problems.add("a malformed error body: " + shown);
          }
        } catch (RuntimeException e) {
          problems.add("an error body that is not JSON: " + shown);
        }
      }
    }
    if (!head) {
      String target = normalized(request.target().replaceFirst("^https?://[^/]+", ""));
      List<String> violations =
          contract.violations(
              request.method(), target, answer.status(), type, Buffer.buffer(answer.body()));
      if (!violations.isEmpty()) {
        problems.add("not described by the contract " + violations + ": " + shown);
      }
    }
    return problems;
  }

  /** The entity tag of the resource a PATCH targets, so that its precondition holds. */
  private static String currentEtag(FuzzRequest request) {
    boolean wanted =
        request.headers().stream().anyMatch(h -> FuzzRequest.CURRENT_ETAG.equals(h[1]));
    if (!wanted) {
      return "\"1\"";
    }
    String head =
        "GET "
            + request.path()
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Authorization: Bearer "
            + adminToken
            + "\r\n";
    RawHttp.Answer answer = raw.send(head.getBytes(StandardCharsets.UTF_8), null);
    String etag = answer.header("ETag");
    return etag == null ? "\"1\"" : etag;
  }

  /** The path as the router sees it: repeated slashes and dot segments resolved (RFC 3986). */
  private static String normalized(String target) {
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    java.util.Deque<String> segments = new java.util.ArrayDeque<>();
    for (String segment : path.split("/+")) {
      if (segment.equals("..")) {
        segments.pollLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.addLast(segment);
      }
    }
    // The router matches a path with or without its trailing slash.
    String clean = "/" + String.join("/", segments);
    return query < 0 ? clean : clean + target.substring(query);
  }

  private static String abbreviate(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }
}
