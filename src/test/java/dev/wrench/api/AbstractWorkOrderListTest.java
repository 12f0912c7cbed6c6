package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The fixture of the {@code WorkOrderList*Test} classes, which test {@code GET /api/v1/work-orders}
 * (every filter, every sort, limits and keyset pagination) through HTTP against the real server;
 * each class gets its own server, database and data sets.
 *
 * <p>Two data sets are made before any test, so that their numbers are known: the "dataset" (work
 * orders 1 to 7, WO-000001 to WO-000007) on assets A1 and A2, with two technicians and two
 * requesters, and the "bulk" set (23 work orders with many equal sort keys) on asset B. Tests that
 * create work orders do so on assets of their own; queries isolate the data they look at by asset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractWorkOrderListTest {

  static final String PATH = "/api/v1/work-orders";

  WrenchServer server;
  Http http;
  String admin;

  String assetA1;
  String assetA2;
  String assetBulk;
  String tech1;
  String tech2;
  WrenchServer.User requester1;
  WrenchServer.User requester2;

  /** The dataset: key (1..7, also its number) → the work order as it is now. */
  final Map<Integer, JsonObject> dataset = new LinkedHashMap<>();

  /** Every work order id made by this class → its dataset key, for readable assertions. */
  final Map<String, Integer> keyById = new HashMap<>();

  final List<JsonObject> bulk = new ArrayList<>();

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    assetA1 = createAsset("Boiler room A1");
    assetA2 = createAsset("Line two A2");
    assetBulk = createAsset("Bulk asset");
    tech1 = server.createTechnicianUser().technicianId();
    tech2 = server.createTechnicianUser().technicianId();
    requester1 = server.createUser("requester");
    requester2 = server.createUser("requester");

    seed(
        1,
        "Pump seal leaking",
        "Water on the floor near the boiler",
        "high",
        assetA1,
        tech1,
        requester1,
        "2030-01-10T10:00:00Z");
    seed(
        2,
        "Replace filter on air handler",
        "Clogged intake",
        "low",
        assetA1,
        tech2,
        requester2,
        "2030-01-05T08:00:00Z");
    seed(
        3,
        "Inspect conveyor belt",
        "Vibration reported by operators",
        "critical",
        assetA2,
        tech1,
        requester1,
        null);
    seed(
        4, "Lubricate bearings", null, "medium", assetA2, null, requester2, "2030-02-01T00:00:00Z");
    seed(
        5,
        "Calibrate gauge",
        "Readings drift after the pump restarts",
        "medium",
        assetA1,
        tech2,
        requester1,
        "2029-12-20T12:00:00Z");
    seed(
        6,
        "Fix door hinge",
        "Squeaky hinge on the side entrance",
        "low",
        assetA2,
        null,
        requester2,
        null);
    seed(
        7,
        "Repaint railing",
        "Rust on the mezzanine stairs",
        "high",
        assetA1,
        tech1,
        requester2,
        "2030-03-01T00:00:00Z");
    // Status moves after every create, in this order, so that updated_at orders 1, 6, 7, 5, 3, 2,
    // 4.
    move(5, "cancelled");
    move(3, "on_hold");
    move(2, "in_progress");
    move(4, "in_progress");
    move(4, "completed");

    // Many equal sort keys, so that pages often end in the middle of a run of ties.
    String[] priorities = {"low", "medium", "high", "critical"};
    String[] dues = {
      null,
      "2031-05-01T00:00:00Z",
      "2031-05-01T00:00:00Z",
      "2031-04-01T00:00:00Z",
      null,
      "2031-06-01T12:30:00Z"
    };
    for (int i = 0; i < 23; i++) {
      JsonObject body =
          new JsonObject()
              .put("title", "Bulk chore " + (char) ('a' + i))
              .put("asset_id", assetBulk)
              .put("priority", priorities[(i * 7) % 4])
              .put("due_at", dues[i % dues.length]);
      bulk.add(WorkOrders.create(http, admin, body));
    }
    // Some of them changed, so that updated_at differs from created_at order.
    for (int i : new int[] {4, 0, 17, 9}) {
      JsonObject wo = bulk.get(i);
      Http.Response moved = patch(wo, new JsonObject().put("status", "on_hold"));
      assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
      bulk.set(i, moved.json());
    }
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  String createAsset(String name) {
    Http.Response response =
        http.post("/api/v1/assets").token(admin).json(new JsonObject().put("name", name)).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().getString("id");
  }

  void seed(
      int key,
      String title,
      String description,
      String priority,
      String asset,
      String assignee,
      WrenchServer.User requester,
      String due) {
    JsonObject wo =
        WorkOrders.create(
            http,
            admin,
            new JsonObject()
                .put("title", title)
                .put("description", description)
                .put("priority", priority)
                .put("asset_id", asset)
                .put("assignee_id", assignee)
                .put("requester_id", requester.id())
                .put("due_at", due));
    assertThat(wo.getString("number")).isEqualTo(String.format("WO-%06d", key));
    dataset.put(key, wo);
    keyById.put(wo.getString("id"), key);
  }

  Http.Response patch(JsonObject wo, JsonObject changes) {
    return http.patch(PATH + "/" + wo.getString("id"))
        .token(admin)
        .header("If-Match", "\"" + wo.getInteger("version") + "\"")
        .mergePatch(changes)
        .send();
  }

  void move(int key, String status) {
    Http.Response response = patch(dataset.get(key), new JsonObject().put("status", status));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    dataset.put(key, response.json());
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  Http.Response get(String query) {
    return get(admin, query);
  }

  Http.Response get(String token, String query) {
    return http.get(PATH + (query.isEmpty() ? "" : "?" + query)).token(token).send();
  }

  Http.Response ok(String token, String query) {
    Http.Response response = get(token, query);
    assertThat(response.status()).as("GET ?%s -> %s", query, response).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    return response;
  }

  Http.Response ok(String query) {
    return ok(admin, query);
  }

  /** Dataset keys (1..7) of the items, in order; -1 for a work order that is not in the dataset. */
  List<Integer> keys(JsonArray items) {
    return items.stream()
        .map(o -> keyById.getOrDefault(((JsonObject) o).getString("id"), -1))
        .toList();
  }

  /**
   * One page of at most 100 work orders of the dataset (assets A1 and A2) matching {@code query}.
   */
  List<Integer> inDataset(String query) {
    Http.Response response =
        ok(
            "asset_id="
                + assetA1
                + ","
                + assetA2
                + "&limit=100"
                + (query.isEmpty() ? "" : "&" + query));
    assertThat(response.json().getValue("next_cursor")).isNull();
    return keys(response.items());
  }

  /**
   * Every page for {@code query} with page size {@code limit}, checking that each page is full but
   * the last.
   */
  List<JsonObject> walk(String query, int limit) {
    List<JsonObject> all = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages < 200; pages++) {
      Http.Response page =
          ok(query + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
      JsonArray items = page.items();
      items.forEach(o -> all.add((JsonObject) o));
      cursor = page.json().getString("next_cursor");
      if (cursor == null) {
        assertThat(items.size()).isLessThanOrEqualTo(limit);
        return all;
      }
      assertThat(items.size()).as("a page with a next cursor is full").isEqualTo(limit);
      assertThat(cursor).matches("^[A-Za-z0-9_-]+$");
    }
    throw new AssertionError("pagination did not end");
  }

  /** A list request refused as invalid: its problem is about the list and names {@code pointer}. */
  static void assertRefused(Http.Response response, String pointer) {
    assertProblem(response, 400, "/problems/validation", pointer);
    assertThat(response.json().getString("instance")).isEqualTo(PATH);
  }
}
