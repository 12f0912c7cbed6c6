package dev.wrench.api;

import static dev.wrench.support.Collection.id;
import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.cursorOf;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Collection;
import dev.wrench.support.Http;
import dev.wrench.support.Pages;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetApiTest {

  private static final String ASSETS = "/api/v1/assets";

  private WrenchServer server;
  private Http http;
  private String admin;
  private Collection assets;

  /** A set of assets of their own category, for the sort and pagination tests. */
  private String sortCategory;

  private List<JsonObject> sortSet;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    assets = new Collection(http, ASSETS, admin);
    sortCategory = category();
    // Names out of creation order, with duplicates so that the id has to break ties.
    List<String> names =
        List.of("pump-c", "pump-a", "pump-b", "pump-a", "pump-e", "pump-d", "pump-b", "pump-a");
    List<JsonObject> created = new ArrayList<>();
    for (String name : names) {
      created.add(assets.create(new JsonObject().put("name", name).put("category", sortCategory)));
    }
    // Touch a few so that updated_at order differs from created_at order.
    List<JsonObject> set = new ArrayList<>(created);
    for (int i : new int[] {5, 0, 3}) {
      set.set(
          i, assets.patch(created.get(i), new JsonObject().put("location", "touched " + i)).json());
    }
    sortSet = List.copyOf(set);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String category() {
    return "cat-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private JsonObject create(String name, String category) {
    return assets.create(new JsonObject().put("name", name).put("category", category));
  }

  // --- create and read ---

  @Test
  void createReturns201WithLocationEtagAndTheResource() {
    Http.Response response =
        assets.post(
            new JsonObject()
                .put("name", "AHU-3")
                .put("category", "hvac")
                .put("serial_number", "SN-99812")
                .put("location", "Roof, building B")
                .put("status", "down"));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    JsonObject asset = response.json();
    assertThat(response.header("Location")).isEqualTo(ASSETS + "/" + id(asset));
    assertThat(response.header("ETag")).isEqualTo("\"1\"");
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(UUID.fromString(id(asset))).isNotNull();
    assertThat(asset.getString("name")).isEqualTo("AHU-3");
    assertThat(asset.getString("category")).isEqualTo("hvac");
    assertThat(asset.getString("serial_number")).isEqualTo("SN-99812");
    assertThat(asset.getString("location")).isEqualTo("Roof, building B");
    assertThat(asset.getString("status")).isEqualTo("down");
    assertThat(asset.getValue("parent_id")).isNull();
    assertThat(asset.getInteger("version")).isEqualTo(1);
    assertThat(Instant.parse(asset.getString("created_at"))).isNotNull();
    assertThat(asset.getString("created_at")).endsWith("Z");
    assertThat(asset.fieldNames())
        .containsExactlyInAnyOrder(
            "id",
            "name",
            "category",
            "serial_number",
            "location",
            "parent_id",
            "site_id",
            "status",
            "created_at",
            "updated_at",
            "version");

    Http.Response fetched = http.get(response.header("Location")).token(admin).send();
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
    assertThat(fetched.json()).isEqualTo(asset);
  }

  @Test
  void createWithOnlyANameDefaultsStatusToOperationalAndOtherFieldsToNull() {
    JsonObject asset = assets.create(new JsonObject().put("name", "bare"));
    assertThat(asset.getString("status")).isEqualTo("operational");
    assertThat(asset.getValue("category")).isNull();
    assertThat(asset.getValue("serial_number")).isNull();
    assertThat(asset.getValue("location")).isNull();
    assertThat(asset.getValue("parent_id")).isNull();
  }

  @Test
  void createWithAParentLinksIt() {
    JsonObject parent = create("building-b", category());
    JsonObject child =
        assets.create(new JsonObject().put("name", "ahu-4").put("parent_id", id(parent)));
    assertThat(child.getString("parent_id")).isEqualTo(id(parent));
  }

  @Test
  void getHonoursIfNoneMatch() {
    JsonObject asset = create("conditional", category());
    String path = ASSETS + "/" + id(asset);
    Http.Response notModified = http.get(path).token(admin).header("If-None-Match", "\"1\"").send();
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("ETag")).isEqualTo("\"1\"");
    assertThat(notModified.body() == null || notModified.body().length() == 0).isTrue();
    Http.Response changed = http.get(path).token(admin).header("If-None-Match", "\"2\"").send();
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json()).isEqualTo(asset);
  }

  /**
   * RFC 9110 13.1.2: If-None-Match takes a list of entity tags and compares weakly, so {@code
   * W/"1"} and {@code "0", "1"} both match version 1.
   */
  @Test
  void getHonoursIfNoneMatchWithAWeakTagOrAListOfTags() {
    JsonObject asset = create("conditional list", category());
    String path = ASSETS + "/" + id(asset);
    assertThat(http.get(path).token(admin).header("If-None-Match", "*").send().status())
        .isEqualTo(304);
    for (String header : List.of("W/\"1\"", "\"0\", \"1\"", "\"1\", W/\"2\"")) {
      Http.Response response = http.get(path).token(admin).header("If-None-Match", header).send();
      assertThat(response.status()).as("If-None-Match: %s -> %s", header, response).isEqualTo(304);
    }
    Http.Response noMatch =
        http.get(path).token(admin).header("If-None-Match", "\"2\", \"3\"").send();
    assertThat(noMatch.status()).as(noMatch.toString()).isEqualTo(200);
  }

  @Test
  void unknownAssetIs404AndAMalformedIdIs400() {
    assertProblem(
        http.get(ASSETS + "/" + UUID.randomUUID()).token(admin).send(), 404, "/problems/not-found");
    assertProblem(
        http.get(ASSETS + "/not-a-uuid").token(admin).send(), 400, "/problems/validation");
  }

  // --- filters ---

  @Test
  void listFiltersByOneStatus() {
    String category = category();
    assets.create(new JsonObject().put("name", "s-operational").put("category", category));
    JsonObject down =
        assets.create(
            new JsonObject().put("name", "s-down").put("category", category).put("status", "down"));
    assets.create(
        new JsonObject()
            .put("name", "s-retired")
            .put("category", category)
            .put("status", "retired"));
    assertThat(assets.listIds("category=" + category + "&status=down")).containsExactly(id(down));
  }

  @Test
  void listFiltersByCommaSeparatedAndRepeatedStatusesAsAnyOf() {
    String category = category();
    JsonObject operational =
        assets.create(new JsonObject().put("name", "m-1").put("category", category));
    JsonObject down =
        assets.create(
            new JsonObject().put("name", "m-2").put("category", category).put("status", "down"));
    JsonObject retired =
        assets.create(
            new JsonObject().put("name", "m-3").put("category", category).put("status", "retired"));
    String base = "category=" + category;
    assertThat(assets.listIds(base + "&status=down,retired"))
        .containsExactly(id(down), id(retired));
    assertThat(assets.listIds(base + "&status=down&status=retired"))
        .containsExactly(id(down), id(retired));
    assertThat(assets.listIds(base + "&status=operational&status=down,retired"))
        .containsExactly(id(operational), id(down), id(retired));
    assertThat(assets.listIds(base + "&status=retired,retired")).containsExactly(id(retired));
  }

  @Test
  void anUnknownStatusValueIs400() {
    Http.Response response = assets.list("status=broken");
    assertProblem(response, 400, "/problems/validation");
    assertThat(String.join(" ", pointers(response))).contains("/query/status");
    assertProblem(assets.list("status=down,broken"), 400, "/problems/validation");
  }

  @Test
  void listFiltersByCategory() {
    String category = category();
    JsonObject a = create("c-a", category);
    JsonObject b = create("c-b", category);
    create("c-c", category());
    assertThat(assets.listIds("category=" + category)).containsExactly(id(a), id(b));
    assertThat(assets.listIds("category=no-such-category-" + UUID.randomUUID())).isEmpty();
  }

  @Test
  void listFiltersByParentId() {
    String category = category();
    JsonObject parent = create("p-parent", category);
    JsonObject otherParent = create("p-other", category);
    JsonObject first =
        assets.create(
            new JsonObject()
                .put("name", "p-child-1")
                .put("category", category)
                .put("parent_id", id(parent)));
    JsonObject second =
        assets.create(
            new JsonObject()
                .put("name", "p-child-2")
                .put("category", category)
                .put("parent_id", id(parent)));
    assets.create(
        new JsonObject()
            .put("name", "p-child-3")
            .put("category", category)
            .put("parent_id", id(otherParent)));
    assertThat(assets.listIds("parent_id=" + id(parent))).containsExactly(id(first), id(second));
    assertThat(assets.listIds("parent_id=" + UUID.randomUUID())).isEmpty();
    assertProblem(assets.list("parent_id=not-a-uuid"), 400, "/problems/validation");
  }

  @Test
  void filtersCombineWithAnd() {
    String category = category();
    JsonObject parent = create("f-parent", category);
    JsonObject match =
        assets.create(
            new JsonObject()
                .put("name", "f-1")
                .put("category", category)
                .put("parent_id", id(parent))
                .put("status", "down"));
    assets.create(
        new JsonObject().put("name", "f-2").put("category", category).put("parent_id", id(parent)));
    assets.create(
        new JsonObject()
            .put("name", "f-3")
            .put("category", category())
            .put("parent_id", id(parent))
            .put("status", "down"));
    assertThat(assets.listIds("category=" + category + "&parent_id=" + id(parent) + "&status=down"))
        .containsExactly(id(match));
  }

  // --- sorts and pagination ---

  @ParameterizedTest(name = "sort={0}")
  @ValueSource(
      strings = {"name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"})
  void eachSortOrdersTheListWithTheIdBreakingTies(String sort) {
    Http.Response response = assets.list("category=" + sortCategory + "&limit=100&sort=" + sort);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    List<JsonObject> items = response.items().stream().map(JsonObject.class::cast).toList();
    assertThat(Pages.ids(items)).containsExactlyInAnyOrderElementsOf(Pages.ids(sortSet));
    assertThat(items).isSortedAccordingTo(Pages.order(sort));
    assertThat(response.json().getValue("next_cursor")).isNull();
  }

  @ParameterizedTest(name = "sort={0}")
  @ValueSource(
      strings = {"name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"})
  void cursorPagesOfEachSortCoverEveryAssetOnceInOrder(String sort) {
    List<JsonObject> all =
        Pages.collect(http, admin, ASSETS + "?category=" + sortCategory + "&sort=" + sort, 3);
    assertThat(Pages.ids(all))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(Pages.ids(sortSet));
    assertThat(all).isSortedAccordingTo(Pages.order(sort));
    List<JsonObject> onePage =
        assets.list("category=" + sortCategory + "&limit=100&sort=" + sort).items().stream()
            .map(JsonObject.class::cast)
            .toList();
    assertThat(Pages.ids(all)).containsExactlyElementsOf(Pages.ids(onePage));
  }

  @Test
  void theDefaultSortIsByName() {
    List<JsonObject> all = Pages.collect(http, admin, ASSETS + "?category=" + sortCategory, 1);
    assertThat(all).hasSize(sortSet.size()).isSortedAccordingTo(Pages.order("name"));
  }

  @Test
  void pagesStayStableWhileAssetsAreInserted() {
    String category = category();
    List<String> before = new ArrayList<>();
    for (String name : List.of("k-b", "k-d", "k-f", "k-h")) {
      before.add(id(create(name, category)));
    }
    Http.Response first = assets.list("category=" + category + "&limit=2");
    assertThat(Pages.ids(first.items().stream().map(JsonObject.class::cast).toList()))
        .containsExactly(before.get(0), before.get(1));
    // Inserted before the cursor: must not shift the next page.
    create("k-a", category);
    Http.Response second =
        assets.list(
            "category=" + category + "&limit=2&cursor=" + first.json().getString("next_cursor"));
    assertThat(Pages.ids(second.items().stream().map(JsonObject.class::cast).toList()))
        .containsExactly(before.get(2), before.get(3));
  }

  @Test
  void aBadCursorIs400() {
    String id = UUID.randomUUID().toString();
    List<List<String>> cases =
        List.of(
            List.of("name", "garbage"),
            List.of("name", "!!!"),
            List.of("name", cursorOf("name")),
            List.of("name", cursorOf("name", "pump-a", "not-a-uuid")),
            List.of("name", cursorOf("name", 5, id)),
            List.of("created_at", cursorOf("created_at", "yesterday", id)),
            List.of("created_at", cursorOf("created_at", null, id)));
    for (List<String> c : cases) {
      Http.Response response =
          assets.list("sort=" + c.get(0) + "&cursor=" + Pages.encode(c.get(1)));
      assertProblem(response, 400, "/problems/validation");
      assertThat(pointers(response)).as(c.toString()).contains("/query/cursor");
    }
  }

  @Test
  void aCursorMadeForAnotherSortIs400() {
    String byName =
        assets
            .list("category=" + sortCategory + "&limit=2&sort=name")
            .json()
            .getString("next_cursor");
    assertThat(byName).isNotNull();
    Http.Response reversed =
        assets.list("category=" + sortCategory + "&limit=2&sort=-name&cursor=" + byName);
    assertProblem(reversed, 400, "/problems/validation");
    assertThat(pointers(reversed)).contains("/query/cursor");
    assertProblem(
        assets.list("category=" + sortCategory + "&limit=2&sort=created_at&cursor=" + byName),
        400,
        "/problems/validation");

    String byCreated =
        assets
            .list("category=" + sortCategory + "&limit=2&sort=-created_at")
            .json()
            .getString("next_cursor");
    assertProblem(
        assets.list("category=" + sortCategory + "&limit=2&cursor=" + byCreated),
        400,
        "/problems/validation");
    assertThat(
            assets
                .list("category=" + sortCategory + "&limit=2&sort=-created_at&cursor=" + byCreated)
                .status())
        .isEqualTo(200);
  }

  @Test
  void anUnknownQueryParameterIs400() {
    Http.Response response = assets.list("colour=red");
    assertProblem(response, 400, "/problems/validation");
    assertThat(pointers(response)).containsExactly("/query/colour");
    assertProblem(assets.list("name=pump-a"), 400, "/problems/validation");
  }

  @Test
  void anUnknownSortIs400() {
    for (String sort :
        List.of("serial_number", "-status", "version", "id", "name,created_at", "+name")) {
      Http.Response response = assets.list("sort=" + Pages.encode(sort));
      assertThat(response.status()).as(sort + " -> " + response).isEqualTo(400);
      assertThat(response.json().getString("type")).isEqualTo("/problems/validation");
    }
  }

  @Test
  void aLimitOutside1To100Is400() {
    assertProblem(assets.list("limit=0"), 400, "/problems/validation");
    assertProblem(assets.list("limit=101"), 400, "/problems/validation");
    assertProblem(assets.list("limit=ten"), 400, "/problems/validation");
    assertThat(assets.list("limit=100").status()).isEqualTo(200);
  }

  // --- patch ---

  @Test
  void patchWithIfMatchChangesTheFieldsAndBumpsTheVersion() {
    JsonObject asset =
        assets.create(
            new JsonObject()
                .put("name", "to patch")
                .put("category", "hvac")
                .put("location", "roof"));
    Http.Response response =
        assets.patch(
            asset,
            new JsonObject().put("status", "down").put("name", "patched").putNull("location"));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("ETag")).isEqualTo("\"2\"");
    JsonObject patched = response.json();
    assertThat(patched.getInteger("version")).isEqualTo(2);
    assertThat(patched.getString("status")).isEqualTo("down");
    assertThat(patched.getString("name")).isEqualTo("patched");
    assertThat(patched.getValue("location")).isNull();
    assertThat(patched.getString("category")).isEqualTo("hvac");
    assertThat(patched.getString("created_at")).isEqualTo(asset.getString("created_at"));
    assertThat(Instant.parse(patched.getString("updated_at")))
        .isAfterOrEqualTo(Instant.parse(asset.getString("updated_at")));
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(patched);

    Http.Response again =
        http.patch(ASSETS + "/" + id(asset))
            .token(admin)
            .header("If-Match", "\"2\"")
            .json(new JsonObject().put("serial_number", "SN-1"))
            .send();
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.header("ETag")).isEqualTo("\"3\"");
  }

  @Test
  void patchWithoutIfMatchIs428AndChangesNothing() {
    JsonObject asset = create("no if-match", category());
    Http.Response response =
        http.patch(ASSETS + "/" + id(asset))
            .token(admin)
            .mergePatch(new JsonObject().put("name", "changed"))
            .send();
    assertProblem(response, 428, "/problems/precondition-required");
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(asset);
  }

  @Test
  void patchWithAStaleIfMatchIs412AndChangesNothing() {
    JsonObject asset = create("stale", category());
    JsonObject current = assets.patch(asset, new JsonObject().put("name", "fresh")).json();
    Http.Response stale = assets.patch(asset, new JsonObject().put("name", "lost update"));
    assertProblem(stale, 412, "/problems/precondition-failed");
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(current);
  }

  /**
   * {@code If-Match: *} (RFC 9110 13.1.1: true when the resource exists) makes the change
   * unconditional. Whatever the server's answer, it must match what happened: an error answer must
   * leave the asset unchanged.
   */
  @Test
  void patchWithIfMatchStarAppliesTheChangeAndSaysSo() {
    JsonObject asset = create("star", category());
    Http.Response response =
        http.patch(ASSETS + "/" + id(asset))
            .token(admin)
            .header("If-Match", "*")
            .mergePatch(new JsonObject().put("name", "changed under star"))
            .send();
    JsonObject after = http.get(ASSETS + "/" + id(asset)).token(admin).send().json();
    if (response.status() >= 400) {
      assertThat(after)
          .as(
              "PATCH with If-Match: * answered %s, yet the asset was changed to %s",
              response, after)
          .isEqualTo(asset);
    }
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("ETag")).isEqualTo("\"2\"");
    assertThat(after.getString("name")).isEqualTo("changed under star");
  }

  @Test
  void patchOfAnUnknownAssetIs404() {
    Http.Response response =
        http.patch(ASSETS + "/" + UUID.randomUUID())
            .token(admin)
            .header("If-Match", "\"1\"")
            .mergePatch(new JsonObject().put("name", "ghost"))
            .send();
    assertProblem(response, 404, "/problems/not-found");
  }

  @Test
  void patchRejectsUnknownFieldsAndAnEmptyPatch() {
    JsonObject asset = create("strict patch", category());
    Http.Response extra = assets.patch(asset, new JsonObject().put("colour", "red"));
    assertProblem(extra, 400, "/problems/validation");
    assertThat(pointers(extra)).contains("/colour");
    Http.Response readOnly = assets.patch(asset, new JsonObject().put("version", 7));
    assertProblem(readOnly, 400, "/problems/validation");
    assertProblem(assets.patch(asset, new JsonObject()), 400, "/problems/validation");
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(asset);
  }

  // --- references ---

  @Test
  void aParentThatDoesNotExistIs422WithPointerOnCreate() {
    Http.Response response =
        assets.post(
            new JsonObject().put("name", "orphan").put("parent_id", UUID.randomUUID().toString()));
    assertProblem(response, 422, "/problems/unprocessable");
    assertThat(pointers(response)).containsExactly("/parent_id");
  }

  @Test
  void aParentThatDoesNotExistIs422WithPointerOnPatch() {
    JsonObject asset = create("will get a ghost parent", category());
    Http.Response response =
        assets.patch(asset, new JsonObject().put("parent_id", UUID.randomUUID().toString()));
    assertProblem(response, 422, "/problems/unprocessable");
    assertThat(pointers(response)).containsExactly("/parent_id");
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(asset);
  }

  @Test
  void anAssetCannotBeItsOwnParent() {
    JsonObject asset = create("narcissus", category());
    Http.Response response = assets.patch(asset, new JsonObject().put("parent_id", id(asset)));
    assertProblem(response, 422, "/problems/unprocessable");
    assertThat(pointers(response)).containsExactly("/parent_id");
  }

  // --- delete ---

  @Test
  void softDeleteIs204ThenTheAssetIs404AndHiddenFromListsButKept() throws Exception {
    String category = category();
    JsonObject asset = create("doomed", category);
    JsonObject survivor = create("survivor", category);
    Http.Response deleted = http.delete(ASSETS + "/" + id(asset)).token(admin).send();
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body() == null || deleted.body().length() == 0).isTrue();

    assertProblem(
        http.get(ASSETS + "/" + id(asset)).token(admin).send(), 404, "/problems/not-found");
    assertProblem(
        http.delete(ASSETS + "/" + id(asset)).token(admin).send(), 404, "/problems/not-found");
    assertProblem(
        assets.patch(asset, new JsonObject().put("name", "zombie")), 404, "/problems/not-found");
    assertThat(assets.listIds("category=" + category)).containsExactly(id(survivor));
    assertThat(Pages.ids(Pages.collect(http, admin, ASSETS, 100))).doesNotContain(id(asset));

    try (var connection = server.database().connect();
        var statement =
            connection.prepareStatement("SELECT deleted_at FROM assets WHERE id = ?::uuid")) {
      statement.setString(1, id(asset));
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("the row is kept").isTrue();
        assertThat(row.getTimestamp("deleted_at")).isNotNull();
      }
    }
  }

  @Test
  void deleteHonoursIfMatch() {
    JsonObject asset = create("conditional delete", category());
    assertProblem(assets.delete(asset, "\"5\""), 412, "/problems/precondition-failed");
    assertThat(assets.delete(asset, "\"1\"").status()).isEqualTo(204);
  }

  // --- body validation ---

  @Test
  void anExtraBodyFieldIs400WithItsPointerAndCreatesNothing() {
    String category = category();
    Http.Response response =
        assets.post(
            new JsonObject().put("name", "extra").put("category", category).put("colour", "red"));
    assertProblem(response, 400, "/problems/validation");
    assertThat(pointers(response)).contains("/colour");
    assertThat(assets.listIds("category=" + category)).isEmpty();
  }

  @Test
  void anInvalidBodyIs400WithPointers() {
    Http.Response response =
        assets.post(
            new JsonObject().put("name", "").put("status", "exploded").put("parent_id", "nope"));
    assertProblem(response, 400, "/problems/validation");
    assertThat(pointers(response)).contains("/name", "/status", "/parent_id");
    assertProblem(assets.post(new JsonObject().put("category", "x")), 400, "/problems/validation");
  }

  // --- idempotency ---

  @Test
  void idempotentCreateReplaysTheFirstResponseAndCreatesNothingMore() {
    String category = category();
    String key = UUID.randomUUID().toString();
    JsonObject body =
        new JsonObject().put("name", "idempotent").put("category", category).put("status", "down");
    Http.Response first = assets.post(body, key);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    Http.Response replay =
        assets.post(
            new JsonObject()
                .put("status", "down")
                .put("category", category)
                .put("name", "idempotent"),
            key);
    assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
    assertThat(replay.json()).isEqualTo(first.json());
    assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
    assertThat(replay.header("ETag")).isEqualTo("\"1\"");
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.header("Idempotent-Replayed")).isNull();

    Http.Response other =
        assets.post(new JsonObject().put("name", "something else").put("category", category), key);
    assertProblem(other, 422, "/problems/idempotency-key-reused");
    assertThat(assets.listIds("category=" + category)).containsExactly(id(first.json()));

    Http.Response otherKey = assets.post(body, UUID.randomUUID().toString());
    assertThat(otherKey.status()).isEqualTo(201);
    assertThat(assets.listIds("category=" + category)).hasSize(2);
  }
}
