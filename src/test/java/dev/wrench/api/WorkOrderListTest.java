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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/v1/work-orders}: every filter, every sort, limits and keyset pagination, through
 * HTTP against the real server.
 *
 * <p>Two data sets are made before any test, so that their numbers are known: the "dataset" (work
 * orders 1 to 7, WO-000001 to WO-000007) on assets A1 and A2, with two technicians and two
 * requesters, and the "bulk" set (23 work orders with many equal sort keys) on asset B. Tests that
 * create work orders do so on assets of their own; queries isolate the data they look at by asset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkOrderListTest {

  private static final String PATH = "/api/v1/work-orders";
  private static final List<String> SORTS =
      List.of(
          "created_at",
          "-created_at",
          "updated_at",
          "-updated_at",
          "due_at",
          "-due_at",
          "priority",
          "-priority",
          "number",
          "-number");
  private static final Map<String, Integer> PRIORITY_RANK =
      Map.of("low", 1, "medium", 2, "high", 3, "critical", 4);

  static Stream<String> sorts() {
    return SORTS.stream();
  }

  private WrenchServer server;
  private Http http;
  private String admin;

  private String assetA1;
  private String assetA2;
  private String assetBulk;
  private String tech1;
  private String tech2;
  private WrenchServer.User requester1;
  private WrenchServer.User requester2;

  /** The dataset: key (1..7, also its number) → the work order as it is now. */
  private final Map<Integer, JsonObject> dataset = new LinkedHashMap<>();

  /** Every work order id made by this class → its dataset key, for readable assertions. */
  private final Map<String, Integer> keyById = new HashMap<>();

  private final List<JsonObject> bulk = new ArrayList<>();

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

  private String createAsset(String name) {
    Http.Response response =
        http.post("/api/v1/assets").token(admin).json(new JsonObject().put("name", name)).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json().getString("id");
  }

  /** The body of a work order on {@code asset}. */
  private static JsonObject onAsset(String asset, String title) {
    return new JsonObject().put("title", title).put("asset_id", asset);
  }

  private void seed(
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

  private Http.Response patch(JsonObject wo, JsonObject changes) {
    return http.patch(PATH + "/" + wo.getString("id"))
        .token(admin)
        .header("If-Match", "\"" + wo.getInteger("version") + "\"")
        .mergePatch(changes)
        .send();
  }

  private void move(int key, String status) {
    Http.Response response = patch(dataset.get(key), new JsonObject().put("status", status));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    dataset.put(key, response.json());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private Http.Response get(String query) {
    return get(admin, query);
  }

  private Http.Response get(String token, String query) {
    return http.get(PATH + (query.isEmpty() ? "" : "?" + query)).token(token).send();
  }

  private Http.Response ok(String token, String query) {
    Http.Response response = get(token, query);
    assertThat(response.status()).as("GET ?%s -> %s", query, response).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    return response;
  }

  private Http.Response ok(String query) {
    return ok(admin, query);
  }

  /** Dataset keys (1..7) of the items, in order; -1 for a work order that is not in the dataset. */
  private List<Integer> keys(JsonArray items) {
    return items.stream()
        .map(o -> keyById.getOrDefault(((JsonObject) o).getString("id"), -1))
        .toList();
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  /**
   * One page of at most 100 work orders of the dataset (assets A1 and A2) matching {@code query}.
   */
  private List<Integer> inDataset(String query) {
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
  private List<JsonObject> walk(String query, int limit) {
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

  /**
   * Dataset keys grouped by equal sort key, each group ordered by id (the tie-breaker), ascending
   * or not.
   */
  private List<Integer> groups(boolean ascending, List<List<Integer>> groups) {
    Comparator<Integer> byId = Comparator.comparing(key -> dataset.get(key).getString("id"));
    List<Integer> order = new ArrayList<>();
    for (List<Integer> group : groups) {
      order.addAll(group.stream().sorted(ascending ? byId : byId.reversed()).toList());
    }
    return order;
  }

  /** A list request refused as invalid: its problem is about the list and names {@code pointer}. */
  private static void assertRefused(Http.Response response, String pointer) {
    assertProblem(response, 400, "/problems/validation", pointer);
    assertThat(response.json().getString("instance")).isEqualTo(PATH);
  }

  // ---------------------------------------------------------------- filters

  @Test
  void withoutFiltersTheDatasetIsAllThereNewestFirst() {
    assertThat(inDataset("")).containsExactly(7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void statusFiltersBySingleValue() {
    assertThat(inDataset("status=open")).containsExactlyInAnyOrder(1, 6, 7);
    assertThat(inDataset("status=in_progress")).containsExactlyInAnyOrder(2);
    assertThat(inDataset("status=on_hold")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("status=completed")).containsExactlyInAnyOrder(4);
    assertThat(inDataset("status=cancelled")).containsExactlyInAnyOrder(5);
  }

  @Test
  void statusCommaSeparatedMeansAnyOf() {
    assertThat(inDataset("status=open,in_progress")).containsExactlyInAnyOrder(1, 2, 6, 7);
    assertThat(inDataset("status=" + enc("completed,cancelled"))).containsExactlyInAnyOrder(4, 5);
  }

  @Test
  void statusRepeatedMeansAnyOf() {
    assertThat(inDataset("status=open&status=completed")).containsExactlyInAnyOrder(1, 4, 6, 7);
    assertThat(inDataset("status=on_hold,cancelled&status=completed"))
        .containsExactlyInAnyOrder(3, 4, 5);
    assertThat(inDataset("status=open&status=open")).containsExactlyInAnyOrder(1, 6, 7);
  }

  @Test
  void priorityFilters() {
    assertThat(inDataset("priority=high")).containsExactlyInAnyOrder(1, 7);
    assertThat(inDataset("priority=critical")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("priority=low,critical")).containsExactlyInAnyOrder(2, 3, 6);
    assertThat(inDataset("priority=medium&priority=critical")).containsExactlyInAnyOrder(3, 4, 5);
  }

  @Test
  void assigneeFilters() {
    assertThat(inDataset("assignee_id=" + tech1)).containsExactlyInAnyOrder(1, 3, 7);
    assertThat(inDataset("assignee_id=" + tech2)).containsExactlyInAnyOrder(2, 5);
    assertThat(inDataset("assignee_id=" + tech1 + "," + tech2))
        .containsExactlyInAnyOrder(1, 2, 3, 5, 7);
    assertThat(inDataset("assignee_id=" + tech1 + "&assignee_id=" + tech2))
        .containsExactlyInAnyOrder(1, 2, 3, 5, 7);
    assertThat(inDataset("assignee_id=" + tech1.toUpperCase()))
        .as("UUIDs are not case-sensitive")
        .containsExactlyInAnyOrder(1, 3, 7);
  }

  @Test
  void assetFiltersAreExactAndCombineAsAnyOf() {
    assertThat(keys(ok("asset_id=" + assetA1 + "&limit=100").items()))
        .containsExactlyInAnyOrder(1, 2, 5, 7);
    assertThat(keys(ok("asset_id=" + assetA2 + "&limit=100").items()))
        .containsExactlyInAnyOrder(3, 4, 6);
    assertThat(keys(ok("asset_id=" + assetA1 + "," + assetA2 + "&limit=100").items()))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
    assertThat(keys(ok("asset_id=" + assetA1 + "&asset_id=" + assetA2 + "&limit=100").items()))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
    Http.Response unknown = ok("asset_id=" + java.util.UUID.randomUUID());
    assertThat(unknown.items()).isEmpty();
    assertThat(unknown.json().getValue("next_cursor")).isNull();
  }

  @Test
  void requesterFilters() {
    assertThat(inDataset("requester_id=" + requester1.id())).containsExactlyInAnyOrder(1, 3, 5);
    assertThat(inDataset("requester_id=" + requester2.id())).containsExactlyInAnyOrder(2, 4, 6, 7);
    assertThat(inDataset("requester_id=" + requester1.id() + "&requester_id=" + requester2.id()))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void dueBeforeIsStrictAndSkipsUndatedWorkOrders() {
    assertThat(inDataset("due_before=2030-01-10T10:00:00Z")).containsExactlyInAnyOrder(2, 5);
    assertThat(inDataset("due_before=2030-01-10T10:00:00.000001Z"))
        .containsExactlyInAnyOrder(1, 2, 5);
    assertThat(inDataset("due_before=2100-01-01T00:00:00Z"))
        .containsExactlyInAnyOrder(1, 2, 4, 5, 7);
    assertThat(inDataset("due_before=2000-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void dueAfterIsStrictAndSkipsUndatedWorkOrders() {
    assertThat(inDataset("due_after=2030-01-10T10:00:00Z")).containsExactlyInAnyOrder(4, 7);
    assertThat(inDataset("due_after=2030-01-10T09:59:59Z")).containsExactlyInAnyOrder(1, 4, 7);
    assertThat(inDataset("due_after=2000-01-01T00:00:00Z"))
        .containsExactlyInAnyOrder(1, 2, 4, 5, 7);
  }

  @Test
  void dueBeforeAndAfterTogetherMakeARange() {
    assertThat(inDataset("due_after=2030-01-01T00:00:00Z&due_before=2030-02-15T00:00:00Z"))
        .containsExactlyInAnyOrder(1, 2, 4);
    assertThat(inDataset("due_after=2030-02-15T00:00:00Z&due_before=2030-01-01T00:00:00Z"))
        .isEmpty();
  }

  @Test
  void dueFiltersHonourNegativeTimeZoneOffsets() {
    // 05:30-04:30 is 10:00Z, the due time of work order 1.
    assertThat(inDataset("due_before=" + enc("2030-01-10T05:30:00-04:30")))
        .containsExactlyInAnyOrder(2, 5);
    assertThat(inDataset("due_before=" + enc("2030-01-10T05:30:01-04:30")))
        .containsExactlyInAnyOrder(1, 2, 5);
    assertThat(inDataset("due_after=2030-01-10T05:30:00-04:30")).containsExactlyInAnyOrder(4, 7);
  }

  /**
   * A positive offset needs a '+', sent percent-encoded as %2B (a bare '+' means a space in a query
   * string). 11:00+01:00 is 10:00Z, the due time of work order 1.
   */
  @Test
  void dueFiltersHonourPositiveTimeZoneOffsets() {
    assertThat(inDataset("due_before=" + enc("2030-01-10T11:00:00+01:00")))
        .containsExactlyInAnyOrder(2, 5);
    assertThat(inDataset("due_after=" + enc("2030-01-10T11:00:00+01:00")))
        .containsExactlyInAnyOrder(4, 7);
    assertThat(inDataset("created_after=" + enc("2000-01-01T05:00:00+05:00"))).hasSize(7);
  }

  @Test
  void createdAfterIsStrict() {
    String fourth = dataset.get(4).getString("created_at");
    assertThat(inDataset("created_after=" + enc(fourth))).containsExactlyInAnyOrder(5, 6, 7);
    assertThat(inDataset("created_after=2000-01-01T00:00:00Z"))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
    assertThat(inDataset("created_after=2999-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void searchFindsNothingOfAnotherOrganization() {
    // A search runs on the cross-tenant database path (docs/security.md): its SQL alone keeps
    // other tenants out, so this is the wall it stands on.
    UUID otherOrg = server.createOrganization("Search neighbour " + UUID.randomUUID());
    WrenchServer.User otherAdmin =
        server.createUserInDatabase(otherOrg, UUID.randomUUID(), "admin");
    String word = "xanthorrhoea" + UUID.randomUUID().toString().substring(0, 8);
    WorkOrders.create(http, otherAdmin.token(), "Theirs " + word);
    assertThat(http.get("/api/v1/work-orders?q=" + word).token(otherAdmin.token()).send().items())
        .hasSize(1);
    assertThat(http.get("/api/v1/work-orders?q=" + word).token(admin).send().items()).isEmpty();
    assertThat(http.get("/api/v1/work-orders?q=Theirs&limit=100").token(admin).send().items())
        .extracting(item -> ((JsonObject) item).getString("title"))
        .noneMatch(title -> title.contains(word));
  }

  @Test
  void qFindsAWordOfTheTitle() {
    assertThat(inDataset("q=conveyor")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=railing")).containsExactlyInAnyOrder(7);
    assertThat(inDataset("q=CONVEYOR")).as("case does not matter").containsExactlyInAnyOrder(3);
  }

  @Test
  void qFindsStemmedForms() {
    // "Pump" in the title of 1, "pump" in the description of 5.
    assertThat(inDataset("q=pump")).containsExactlyInAnyOrder(1, 5);
    assertThat(inDataset("q=pumps")).containsExactlyInAnyOrder(1, 5);
    assertThat(inDataset("q=pumping")).containsExactlyInAnyOrder(1, 5);
    assertThat(inDataset("q=leaks")).containsExactlyInAnyOrder(1);
    assertThat(inDataset("q=bearing")).containsExactlyInAnyOrder(4);
  }

  @Test
  void qFindsAWordOfTheDescription() {
    assertThat(inDataset("q=vibration")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=clogged")).containsExactlyInAnyOrder(2);
    assertThat(inDataset("q=mezzanine")).containsExactlyInAnyOrder(7);
  }

  @Test
  void qFindsTheNumberWrittenInFullOrBare() {
    assertThat(inDataset("q=WO-000003")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=wo-000003")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=000003")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=3")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("q=7")).containsExactlyInAnyOrder(7);
    // Without the asset filter too: the number is unique in the organization.
    assertThat(keys(ok("q=WO-000003").items())).containsExactly(3);
  }

  @Test
  void qMayContainAPercentSign() {
    // Valid values of q (1..200 characters), sent percent-encoded: searched for, not refused.
    assertThat(inDataset("q=" + enc("seal 100%"))).isEmpty();
    assertThat(inDataset("q=" + enc("100%"))).isEmpty();
  }

  @Test
  void qWithSeveralWordsNeedsAllOfThem() {
    assertThat(inDataset("q=" + enc("door hinge"))).containsExactlyInAnyOrder(6);
    assertThat(inDataset("q=" + enc("pump seal"))).containsExactlyInAnyOrder(1);
    assertThat(inDataset("q=" + enc("pump conveyor"))).isEmpty();
    assertThat(inDataset("q=zebra")).isEmpty();
  }

  @Test
  void filtersCombineWithAnd() {
    assertThat(inDataset("status=open&priority=high")).containsExactlyInAnyOrder(1, 7);
    assertThat(
            inDataset(
                "status=open&priority=high&assignee_id="
                    + tech1
                    + "&requester_id="
                    + requester2.id()))
        .containsExactlyInAnyOrder(7);
    assertThat(inDataset("requester_id=" + requester2.id() + "&priority=low"))
        .containsExactlyInAnyOrder(2, 6);
    assertThat(
            inDataset(
                "assignee_id=" + tech1 + "&status=open,on_hold&due_before=2030-02-01T00:00:00Z"))
        .containsExactlyInAnyOrder(1);
    assertThat(inDataset("q=pump&status=open")).containsExactlyInAnyOrder(1);
    assertThat(inDataset("q=pump&status=cancelled&priority=medium&requester_id=" + requester1.id()))
        .containsExactlyInAnyOrder(5);
    assertThat(
            inDataset(
                "created_after="
                    + enc(dataset.get(2).getString("created_at"))
                    + "&priority=low,high"))
        .containsExactlyInAnyOrder(6, 7);
    assertThat(inDataset("status=completed&priority=high")).isEmpty();
    assertThat(keys(ok("asset_id=" + assetA2 + "&assignee_id=" + tech1).items()))
        .containsExactly(3);
  }

  @Test
  void aFilteredListPagesLikeAnyOther() {
    List<JsonObject> all =
        walk("asset_id=" + assetA1 + "," + assetA2 + "&status=open,cancelled&sort=number", 2);
    assertThat(keys(new JsonArray(new ArrayList<>(all)))).containsExactly(1, 5, 6, 7);
  }

  @Test
  void aRequesterListsOnlyTheirOwnWorkOrders() {
    assertThat(keys(ok(requester1.token(), "limit=100").items()))
        .containsExactlyInAnyOrder(1, 3, 5);
    assertThat(keys(ok(requester2.token(), "limit=100&sort=number").items()))
        .containsExactly(2, 4, 6, 7);
    assertThat(ok(requester1.token(), "requester_id=" + requester2.id()).items()).isEmpty();
  }

  // ---------------------------------------------------------------- sorting

  @Test
  void defaultSortIsNewestFirst() {
    assertThat(inDataset(""))
        .isEqualTo(inDataset("sort=-created_at"))
        .containsExactly(7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void sortByCreatedAt() {
    assertThat(inDataset("sort=created_at")).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(inDataset("sort=-created_at")).containsExactly(7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void sortByUpdatedAt() {
    assertThat(inDataset("sort=updated_at")).containsExactly(1, 6, 7, 5, 3, 2, 4);
    assertThat(inDataset("sort=-updated_at")).containsExactly(4, 2, 3, 5, 7, 6, 1);
  }

  @Test
  void sortByDueAtPutsUndatedWorkOrdersLast() {
    assertThat(inDataset("sort=due_at"))
        .isEqualTo(
            groups(
                true,
                List.of(
                    List.of(5), List.of(2), List.of(1), List.of(4), List.of(7), List.of(3, 6))));
    assertThat(inDataset("sort=due_at"))
        .endsWith(groups(true, List.of(List.of(3, 6))).toArray(Integer[]::new));
  }

  @Test
  void sortByDueAtDescendingIsTheExactReverse() {
    // The reverse of the ascending order: undated work orders (due "never") come first.
    assertThat(inDataset("sort=-due_at"))
        .isEqualTo(
            groups(
                false,
                List.of(
                    List.of(3, 6), List.of(7), List.of(4), List.of(1), List.of(2), List.of(5))));
  }

  /** The page before the undated work orders has a cursor; so must a page that ends on one. */
  @Test
  void dueAtPagesMayEndOnAWorkOrderWithoutDueDate() {
    String query = "asset_id=" + assetA1 + "," + assetA2 + "&sort=due_at";
    Http.Response datedOnly = ok(query + "&limit=5");
    assertThat(keys(datedOnly.items())).containsExactly(5, 2, 1, 4, 7);
    assertThat(
            keys(
                ok(query + "&limit=5&cursor=" + datedOnly.json().getString("next_cursor")).items()))
        .isEqualTo(groups(true, List.of(List.of(3, 6))));

    Http.Response endsUndated = get(query + "&limit=6");
    assertThat(endsUndated.status()).as(endsUndated.toString()).isEqualTo(200);
    Http.Response rest =
        ok(query + "&limit=6&cursor=" + endsUndated.json().getString("next_cursor"));
    assertThat(rest.items()).hasSize(1);
    assertThat(rest.json().getValue("next_cursor")).isNull();

    Http.Response descending = get("asset_id=" + assetA1 + "," + assetA2 + "&sort=-due_at&limit=1");
    assertThat(descending.status()).as(descending.toString()).isEqualTo(200);
  }

  @Test
  void sortByPriorityIsByUrgencyNotAlphabetical() {
    assertThat(inDataset("sort=priority"))
        .isEqualTo(groups(true, List.of(List.of(2, 6), List.of(4, 5), List.of(1, 7), List.of(3))));
    assertThat(inDataset("sort=-priority"))
        .isEqualTo(groups(false, List.of(List.of(3), List.of(1, 7), List.of(4, 5), List.of(2, 6))));
  }

  @Test
  void sortByNumber() {
    assertThat(inDataset("sort=number")).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(inDataset("sort=-number")).containsExactly(7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void sortCombinesWithFilters() {
    assertThat(inDataset("status=open&sort=due_at")).containsExactly(1, 7, 6);
    assertThat(inDataset("requester_id=" + requester1.id() + "&sort=-priority"))
        .containsExactly(3, 1, 5);
  }

  // ---------------------------------------------------------------- limits

  @Test
  void defaultLimitIsTwenty() {
    Http.Response first = ok("asset_id=" + assetBulk);
    assertThat(first.items()).hasSize(20);
    String cursor = first.json().getString("next_cursor");
    assertThat(cursor).isNotNull();
    Http.Response rest = ok("asset_id=" + assetBulk + "&cursor=" + cursor);
    assertThat(rest.items()).hasSize(3);
    assertThat(rest.json().getValue("next_cursor")).isNull();
  }

  @Test
  void limitBoundsAreOneAndOneHundred() {
    assertThat(ok("asset_id=" + assetBulk + "&limit=1").items()).hasSize(1);
    assertThat(ok("asset_id=" + assetBulk + "&limit=100").items()).hasSize(23);
    assertRefused(get("limit=0"), "/query/limit");
    assertRefused(get("limit=101"), "/query/limit");
    assertRefused(get("limit=-1"), "/query/limit");
    assertRefused(get("limit=ten"), "/query/limit");
    assertRefused(get("limit=1.5"), "/query/limit");
  }

  @Test
  void aPageThatEndsExactlyAtTheLastRowHasNoNextCursor() {
    String dataQuery = "asset_id=" + assetA1 + "," + assetA2 + "&sort=number";
    Http.Response full = ok(dataQuery + "&limit=7");
    assertThat(full.items()).hasSize(7);
    assertThat(full.json().getValue("next_cursor")).isNull();
    Http.Response six = ok(dataQuery + "&limit=6");
    assertThat(keys(six.items())).containsExactly(1, 2, 3, 4, 5, 6);
    Http.Response last = ok(dataQuery + "&limit=6&cursor=" + six.json().getString("next_cursor"));
    assertThat(keys(last.items())).containsExactly(7);
    assertThat(last.json().getValue("next_cursor")).isNull();
  }

  // ---------------------------------------------------------------- keyset pagination

  @ParameterizedTest(name = "sort={0}")
  @MethodSource("sorts")
  void walkingTheDatasetPageByPageGivesTheSingleBigPage(String sort) {
    String query = "asset_id=" + assetA1 + "," + assetA2 + "&sort=" + sort;
    List<String> whole = ids(ok(query + "&limit=100").items());
    assertThat(whole).hasSize(7);
    for (int limit : new int[] {1, 2, 3}) {
      assertThat(walk(query, limit).stream().map(o -> o.getString("id")).toList())
          .as("sort %s, limit %d", sort, limit)
          .isEqualTo(whole);
    }
  }

  @ParameterizedTest(name = "sort={0}")
  @MethodSource("sorts")
  void walkingAllPagesGivesEveryRowExactlyOnceInSortOrder(String sort) {
    String query = "asset_id=" + assetBulk + "&sort=" + sort;
    List<JsonObject> walked = walk(query, 4);
    List<String> walkedIds = walked.stream().map(o -> o.getString("id")).toList();
    assertThat(walkedIds).doesNotHaveDuplicates().hasSize(bulk.size());
    assertThat(Set.copyOf(walkedIds))
        .isEqualTo(bulk.stream().map(o -> o.getString("id")).collect(Collectors.toSet()));

    List<JsonObject> expected = new ArrayList<>(walked);
    expected.sort(order(sort));
    assertThat(walkedIds)
        .as("sort %s", sort)
        .isEqualTo(expected.stream().map(o -> o.getString("id")).toList());
    assertThat(walkedIds).isEqualTo(ids(ok(query + "&limit=100").items()));
  }

  /** The documented order of {@code sort}, with the id as tie-breaker in the same direction. */
  private static Comparator<JsonObject> order(String sort) {
    boolean descending = sort.startsWith("-");
    String field = descending ? sort.substring(1) : sort;
    Function<JsonObject, Comparable<?>> key =
        switch (field) {
          case "created_at", "updated_at" -> o -> Instant.parse(o.getString(field));
          // No due date sorts after every due date.
          case "due_at" ->
              o ->
                  o.getString("due_at") == null
                      ? Instant.MAX
                      : Instant.parse(o.getString("due_at"));
          case "priority" -> o -> PRIORITY_RANK.get(o.getString("priority"));
          case "number" -> o -> Long.parseLong(o.getString("number").substring(3));
          default -> throw new IllegalArgumentException(sort);
        };
    @SuppressWarnings({"unchecked", "rawtypes"})
    Comparator<JsonObject> comparator = Comparator.comparing((Function) key);
    comparator = comparator.thenComparing(o -> o.getString("id"));
    return descending ? comparator.reversed() : comparator;
  }

  @Test
  void pagesStayStableWhileRowsAreInserted() {
    String asset = createAsset("Pagination while inserting");
    List<String> old = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      old.add(
          0,
          WorkOrders.create(http, admin, onAsset(asset, "Stable page row " + i)).getString("id"));
    }
    String query = "asset_id=" + asset + "&sort=-created_at&limit=4";
    Http.Response page1 = ok(query);
    assertThat(ids(page1.items())).isEqualTo(old.subList(0, 4));

    Set<String> inserted = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      inserted.add(
          WorkOrders.create(http, admin, onAsset(asset, "Inserted after page one " + i))
              .getString("id"));
    }
    Http.Response page2 = ok(query + "&cursor=" + page1.json().getString("next_cursor"));
    assertThat(ids(page2.items())).isEqualTo(old.subList(4, 8));

    for (int i = 0; i < 2; i++) {
      inserted.add(
          WorkOrders.create(http, admin, onAsset(asset, "Inserted after page two " + i))
              .getString("id"));
    }
    Http.Response page3 = ok(query + "&cursor=" + page2.json().getString("next_cursor"));
    assertThat(ids(page3.items())).isEqualTo(old.subList(8, 9));
    assertThat(page3.json().getValue("next_cursor")).isNull();

    List<String> walked = new ArrayList<>();
    walked.addAll(ids(page1.items()));
    walked.addAll(ids(page2.items()));
    walked.addAll(ids(page3.items()));
    assertThat(walked).isEqualTo(old).doesNotHaveDuplicates().doesNotContainAnyElementsOf(inserted);
    // A fresh walk sees the new rows first.
    assertThat(ids(ok(query.replace("limit=4", "limit=100")).items()).subList(0, 5))
        .containsExactlyInAnyOrderElementsOf(inserted);
  }

  @Test
  void rowsInsertedDuringAnAscendingWalkAppearOnceAtTheEnd() {
    String asset = createAsset("Ascending while inserting");
    List<String> old = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      old.add(WorkOrders.create(http, admin, onAsset(asset, "Ascending row " + i)).getString("id"));
    }
    String query = "asset_id=" + asset + "&sort=created_at&limit=3";
    Http.Response page1 = ok(query);
    String added =
        WorkOrders.create(http, admin, onAsset(asset, "Ascending late row")).getString("id");
    Http.Response page2 = ok(query + "&cursor=" + page1.json().getString("next_cursor"));
    List<String> walked = new ArrayList<>(ids(page1.items()));
    walked.addAll(ids(page2.items()));
    List<String> expected = new ArrayList<>(old);
    expected.add(added);
    assertThat(walked).isEqualTo(expected);
    assertThat(page2.json().getValue("next_cursor")).isNull();
  }

  @Test
  void deletingTheRowACursorStopsAtDoesNotSkipOrRepeatRows() {
    String asset = createAsset("Pagination while deleting");
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(WorkOrders.create(http, admin, onAsset(asset, "Deletable row " + i)));
    }
    String query = "asset_id=" + asset + "&sort=number&limit=3";
    Http.Response page1 = ok(query);
    assertThat(ids(page1.items()))
        .isEqualTo(rows.subList(0, 3).stream().map(o -> o.getString("id")).toList());
    assertThat(http.delete(PATH + "/" + rows.get(2).getString("id")).token(admin).send().status())
        .isEqualTo(204);
    Http.Response page2 = ok(query + "&cursor=" + page1.json().getString("next_cursor"));
    assertThat(ids(page2.items()))
        .isEqualTo(rows.subList(3, 6).stream().map(o -> o.getString("id")).toList());
  }

  // ---------------------------------------------------------------- bad cursors

  private String cursorFor(String sort) {
    Http.Response page = ok("asset_id=" + assetBulk + "&limit=2&sort=" + sort);
    String cursor = page.json().getString("next_cursor");
    assertThat(cursor).isNotNull();
    return cursor;
  }

  private static String decode(String cursor) {
    return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aGarbageCursorIs400() {
    for (String garbage : List.of("garbage", "AAAA", "x", "eyJ", "bm90IGpzb24")) {
      assertRefused(get("asset_id=" + assetBulk + "&cursor=" + garbage), "/query/cursor");
    }
  }

  @Test
  void aCursorWithCharactersOutsideTheAlphabetIs400() {
    assertRefused(get("cursor=" + enc("not a cursor!")), "/query/cursor");
    assertRefused(get("cursor=" + enc("abc+/=")), "/query/cursor");
  }

  @Test
  void aCursorForAnotherSortIs400() {
    String numberCursor = cursorFor("number");
    assertRefused(
        get("asset_id=" + assetBulk + "&sort=-number&cursor=" + numberCursor), "/query/cursor");
    assertRefused(
        get("asset_id=" + assetBulk + "&sort=created_at&cursor=" + numberCursor), "/query/cursor");
    // No sort means the default -created_at, which is another sort too.
    assertRefused(get("asset_id=" + assetBulk + "&cursor=" + numberCursor), "/query/cursor");
    String defaultCursor = cursorFor("-created_at");
    assertRefused(
        get("asset_id=" + assetBulk + "&sort=created_at&cursor=" + defaultCursor), "/query/cursor");
    assertThat(ok("asset_id=" + assetBulk + "&cursor=" + defaultCursor).items()).isNotEmpty();
  }

  @Test
  void aTamperedCursorIs400() {
    String cursor = cursorFor("-created_at");
    JsonArray parts = new JsonArray(decode(cursor));
    assertThat(parts).hasSize(3);
    List<String> tampered =
        List.of(
            cursor.substring(0, cursor.length() / 2),
            cursor + "AAAA",
            encode(parts.copy().set(1, "yesterday").encode()),
            encode(parts.copy().set(1, 1234567).encode()),
            encode(parts.copy().set(1, new JsonObject().put("x", 1)).encode()),
            encode(parts.copy().set(2, "not-a-uuid").encode()),
            encode(parts.copy().set(2, 42).encode()),
            encode(parts.copy().set(0, "title").encode()),
            encode(parts.copy().add("extra").encode()),
            encode(new JsonArray().add(parts.getValue(0)).add(parts.getValue(1)).encode()),
            encode(new JsonObject().put("sort", "-created_at").encode()),
            encode("null"));
    for (String bad : tampered) {
      assertRefused(get("asset_id=" + assetBulk + "&cursor=" + bad), "/query/cursor");
    }
  }

  @Test
  void aTamperedCursorOfANumericSortIs400() {
    String cursor = cursorFor("priority");
    JsonArray parts = new JsonArray(decode(cursor));
    assertRefused(
        get(
            "asset_id="
                + assetBulk
                + "&sort=priority&cursor="
                + encode(parts.copy().set(1, "high").encode())),
        "/query/cursor");
    assertRefused(
        get(
            "asset_id="
                + assetBulk
                + "&sort=priority&cursor="
                + encode(parts.copy().set(1, true).encode())),
        "/query/cursor");
  }

  // ---------------------------------------------------------------- bad parameters

  @Test
  void anUnknownQueryParameterIs400() {
    assertRefused(get("colour=red"), "/query/colour");
    assertRefused(get("Status=open"), "/query/Status");
    assertRefused(get("status=open&title=pump"), "/query/title");
    assertRefused(get("offset=20"), "/query/offset");
  }

  @Test
  void anUnknownSortIs400() {
    for (String sort :
        List.of(
            "title",
            "-title",
            "status",
            "created",
            "+created_at",
            "created_at,number",
            "CREATED_AT",
            "--number")) {
      assertRefused(get("sort=" + enc(sort)), "/query/sort");
    }
  }

  @Test
  void anInvalidUuidInAssigneeIdIs400() {
    assertRefused(get("assignee_id=not-a-uuid"), "/query/assignee_id");
    assertRefused(get("assignee_id=" + tech1 + ",nope"), "/query/assignee_id");
    // The shape of a UUID (36 of hex digits and dashes) that is not one.
    assertRefused(get("assignee_id=------------------------------------"), "/query/assignee_id");
    assertRefused(get("assignee_id=0123456789abcdef0123456789abcdef0123"), "/query/assignee_id");
    assertRefused(get("assignee_id=" + tech1 + "&assignee_id=zzz"), "/query/assignee_id");
  }

  @Test
  void anInvalidUuidInAssetOrRequesterIdIs400() {
    assertRefused(get("asset_id=1234"), "/query/asset_id");
    assertRefused(get("requester_id=------------------------------------"), "/query/requester_id");
  }

  @Test
  void invalidFilterValuesAre400() {
    assertRefused(get("status=done"), "/query/status");
    assertRefused(get("status=open,"), "/query/status");
    assertRefused(get("status=OPEN"), "/query/status");
    assertRefused(get("priority=urgent"), "/query/priority");
    assertRefused(get("due_before=tomorrow"), "/query/due_before");
    assertRefused(get("due_after=2030-13-01T00:00:00Z"), "/query/due_after");
    assertRefused(get("created_after=2030-01-01"), "/query/created_after");
    assertRefused(get("q=" + "x".repeat(201)), "/query/q");
  }

  @Test
  void listingNeedsAToken() {
    Http.Response response = http.get(PATH).send();
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void theListShapeIsItemsAndNextCursor() {
    JsonObject page = ok("asset_id=" + assetA1 + "&sort=number").json();
    assertThat(page.fieldNames()).containsExactlyInAnyOrder("items", "next_cursor");
    JsonObject first = page.getJsonArray("items").getJsonObject(0);
    assertThat(first).isEqualTo(dataset.get(1));
    assertThat(
            IntStream.range(0, page.getJsonArray("items").size())
                .mapToObj(i -> page.getJsonArray("items").getJsonObject(i))
                .allMatch(o -> o.fieldNames().size() == 14))
        .isTrue();
  }
}
