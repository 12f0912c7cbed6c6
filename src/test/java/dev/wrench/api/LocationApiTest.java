package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Organizations;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Locations as a tree (issue 19): paths, children and subtrees, cycles and foreign parents refused
 * (also by PATCH, also by two concurrent moves), deletes refused while children or assets remain,
 * assets and work orders placed at a location, roles and tenants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocationApiTest {

  private static final String LOCATIONS = "/api/v1/locations";

  private WrenchServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private JsonObject location(String name, String parentId) {
    JsonObject body = new JsonObject().put("name", name);
    if (parentId != null) {
      body.put("parent_id", parentId);
    }
    Http.Response response = http.post(LOCATIONS).token(admin).json(body).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  private Http.Response move(String id, String parentId) {
    JsonObject current = http.get(LOCATIONS + "/" + id).token(admin).send().json();
    return http.patch(LOCATIONS + "/" + id)
        .token(admin)
        .header("If-Match", "\"" + current.getInteger("version") + "\"")
        .json(new JsonObject().put("parent_id", parentId))
        .send();
  }

  private List<String> names(Http.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.items().stream().map(i -> ((JsonObject) i).getString("name")).toList();
  }

  @Test
  void aLocationHasThePathOfNamesFromTheRoot() {
    JsonObject plant = location("Plant 1", null);
    JsonObject hall = location("Hall B", plant.getString("id"));
    JsonObject room = location("Room 7", hall.getString("id"));
    assertThat(plant.getJsonArray("path")).isEqualTo(new JsonArray().add("Plant 1"));
    assertThat(room.getJsonArray("path"))
        .isEqualTo(new JsonArray().add("Plant 1").add("Hall B").add("Room 7"));
    assertThat(room.getString("parent_id")).isEqualTo(hall.getString("id"));

    Http.Response got = http.get(LOCATIONS + "/" + room.getString("id")).token(admin).send();
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.header("ETag")).isEqualTo("\"1\"");
    assertThat(got.json()).isEqualTo(room);

    // A rename shows in the paths below it at once: the names are read, not copied.
    Http.Response renamed =
        http.patch(LOCATIONS + "/" + plant.getString("id"))
            .token(admin)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("name", "Plant One"))
            .send();
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(
            http.get(LOCATIONS + "/" + room.getString("id"))
                .token(admin)
                .send()
                .json()
                .getJsonArray("path"))
        .isEqualTo(new JsonArray().add("Plant One").add("Hall B").add("Room 7"));
  }

  @Test
  void parentIdListsChildrenAndAncestorIdTheWholeSubtree() {
    JsonObject site = location("Site A", null);
    JsonObject north = location("North", site.getString("id"));
    JsonObject south = location("South", site.getString("id"));
    location("North 1", north.getString("id"));
    location("South 1", south.getString("id"));
    location("Elsewhere", null);
    assertThat(
            names(http.get(LOCATIONS + "?parent_id=" + site.getString("id")).token(admin).send()))
        .containsExactly("North", "South");
    assertThat(
            names(http.get(LOCATIONS + "?ancestor_id=" + site.getString("id")).token(admin).send()))
        .containsExactly("North", "North 1", "South", "South 1");
    assertThat(
            names(
                http.get(LOCATIONS + "?ancestor_id=" + north.getString("id")).token(admin).send()))
        .containsExactly("North 1");
  }

  @Test
  void aMoveTakesTheSubtreeAlongAndACycleIs422() {
    JsonObject a = location("A", null);
    JsonObject b = location("B", a.getString("id"));
    JsonObject c = location("C", b.getString("id"));
    JsonObject other = location("Other", null);

    // Under itself, under its child, under its grandchild: all cycles.
    for (String target : List.of(a.getString("id"), b.getString("id"), c.getString("id"))) {
      Http.Response cycle = move(a.getString("id"), target);
      assertProblem(cycle, 422, "/problems/unprocessable");
      assertThat(pointers(cycle)).containsExactly("/parent_id");
    }
    assertThat(
            http.get(LOCATIONS + "/" + a.getString("id"))
                .token(admin)
                .send()
                .json()
                .getInteger("version"))
        .as("a refused move changes nothing")
        .isEqualTo(1);

    Http.Response moved = move(b.getString("id"), other.getString("id"));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.json().getJsonArray("path")).isEqualTo(new JsonArray().add("Other").add("B"));
    assertThat(
            http.get(LOCATIONS + "/" + c.getString("id"))
                .token(admin)
                .send()
                .json()
                .getJsonArray("path"))
        .isEqualTo(new JsonArray().add("Other").add("B").add("C"));
    assertThat(
            names(
                http.get(LOCATIONS + "?ancestor_id=" + other.getString("id")).token(admin).send()))
        .containsExactly("B", "C");
    assertThat(names(http.get(LOCATIONS + "?ancestor_id=" + a.getString("id")).token(admin).send()))
        .isEmpty();

    // To the root.
    Http.Response root = move(b.getString("id"), null);
    assertThat(root.status()).as(root.toString()).isEqualTo(200);
    assertThat(root.json().getString("parent_id")).isNull();
    assertThat(
            http.get(LOCATIONS + "/" + c.getString("id"))
                .token(admin)
                .send()
                .json()
                .getJsonArray("path"))
        .isEqualTo(new JsonArray().add("B").add("C"));
  }

  @Test
  void twoConcurrentOppositeMovesNeverMakeACycle() {
    for (int round = 0; round < 5; round++) {
      JsonObject x = location("X" + round, null);
      JsonObject y = location("Y" + round, null);
      // x under y and y under x at the same time: one wins, the other is a cycle by then.
      Future<Http.Response> first =
          http.patch(LOCATIONS + "/" + x.getString("id"))
              .token(admin)
              .header("If-Match", "\"1\"")
              .json(new JsonObject().put("parent_id", y.getString("id")))
              .sendAsync();
      Future<Http.Response> second =
          http.patch(LOCATIONS + "/" + y.getString("id"))
              .token(admin)
              .header("If-Match", "\"1\"")
              .json(new JsonObject().put("parent_id", x.getString("id")))
              .sendAsync();
      List<Integer> statuses = List.of(Http.await(first).status(), Http.await(second).status());
      assertThat(statuses).containsExactlyInAnyOrder(200, 422);
      JsonObject xNow = http.get(LOCATIONS + "/" + x.getString("id")).token(admin).send().json();
      JsonObject yNow = http.get(LOCATIONS + "/" + y.getString("id")).token(admin).send().json();
      assertThat(xNow.getString("parent_id") == null || yNow.getString("parent_id") == null)
          .as("not each the other's parent")
          .isTrue();
    }
  }

  @Test
  void anUnknownOrForeignParentIs422AndAnotherTenantSees404() {
    Http.Response unknown =
        http.post(LOCATIONS)
            .token(admin)
            .json(new JsonObject().put("name", "x").put("parent_id", UUID.randomUUID().toString()))
            .send();
    assertProblem(unknown, 422, "/problems/unprocessable");
    assertThat(pointers(unknown)).containsExactly("/parent_id");

    JsonObject ours = location("Ours", null);
    String otherAdmin = Organizations.newAdmin(http, admin);
    assertThat(http.get(LOCATIONS + "/" + ours.getString("id")).token(otherAdmin).send().status())
        .isEqualTo(404);
    assertThat(names(http.get(LOCATIONS).token(otherAdmin).send())).doesNotContain("Ours");
    Http.Response foreignParent =
        http.post(LOCATIONS)
            .token(otherAdmin)
            .json(new JsonObject().put("name", "Theirs").put("parent_id", ours.getString("id")))
            .send();
    assertProblem(foreignParent, 422, "/problems/unprocessable");
    Http.Response theirs =
        http.post(LOCATIONS).token(otherAdmin).json(new JsonObject().put("name", "Theirs")).send();
    assertThat(theirs.status()).isEqualTo(201);
    Http.Response moveUnderForeign = move(ours.getString("id"), theirs.json().getString("id"));
    assertProblem(moveUnderForeign, 422, "/problems/unprocessable");
    assertThat(
            http.patch(LOCATIONS + "/" + ours.getString("id"))
                .token(otherAdmin)
                .header("If-Match", "\"1\"")
                .json(new JsonObject().put("name", "Stolen"))
                .send()
                .status())
        .isEqualTo(404);
    assertThat(
            http.delete(LOCATIONS + "/" + ours.getString("id")).token(otherAdmin).send().status())
        .isEqualTo(404);
    // Nor may their asset stand at our location.
    Http.Response asset =
        http.post("/api/v1/assets")
            .token(otherAdmin)
            .json(new JsonObject().put("name", "pump").put("location_id", ours.getString("id")))
            .send();
    assertProblem(asset, 422, "/problems/unprocessable");
    assertThat(pointers(asset)).containsExactly("/location_id");
  }

  @Test
  void aLocationWithChildrenOrAssetsCannotBeDeleted() {
    JsonObject parent = location("Parent", null);
    JsonObject child = location("Child", parent.getString("id"));
    Http.Response refused =
        http.delete(LOCATIONS + "/" + parent.getString("id")).token(admin).send();
    assertProblem(refused, 409, "/problems/conflict");
    assertThat(refused.json().getString("detail")).contains("child locations");

    Http.Response asset =
        http.post("/api/v1/assets")
            .token(admin)
            .json(new JsonObject().put("name", "fan").put("location_id", child.getString("id")))
            .send();
    assertThat(asset.status()).as(asset.toString()).isEqualTo(201);
    assertThat(asset.json().getString("location_id")).isEqualTo(child.getString("id"));
    Http.Response withAsset =
        http.delete(LOCATIONS + "/" + child.getString("id")).token(admin).send();
    assertProblem(withAsset, 409, "/problems/conflict");
    assertThat(withAsset.json().getString("detail")).contains("assets");

    // Assets filter by location.
    Http.Response atChild =
        http.get("/api/v1/assets?location_id=" + child.getString("id")).token(admin).send();
    assertThat(names(atChild)).containsExactly("fan");

    assertThat(
            http.delete("/api/v1/assets/" + asset.json().getString("id"))
                .token(admin)
                .send()
                .status())
        .isEqualTo(204);
    assertThat(http.delete(LOCATIONS + "/" + child.getString("id")).token(admin).send().status())
        .isEqualTo(204);
    assertThat(http.delete(LOCATIONS + "/" + parent.getString("id")).token(admin).send().status())
        .isEqualTo(204);
    assertThat(http.get(LOCATIONS + "/" + parent.getString("id")).token(admin).send().status())
        .isEqualTo(404);
    // A deleted location takes no new assets, children or work orders.
    Http.Response late =
        http.post("/api/v1/assets")
            .token(admin)
            .json(new JsonObject().put("name", "late").put("location_id", child.getString("id")))
            .send();
    assertProblem(late, 422, "/problems/unprocessable");
    Http.Response lateChild =
        http.post(LOCATIONS)
            .token(admin)
            .json(new JsonObject().put("name", "late").put("parent_id", parent.getString("id")))
            .send();
    assertProblem(lateChild, 422, "/problems/unprocessable");
    Http.Response lateOrder =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(new JsonObject().put("title", "late").put("location_id", child.getString("id")))
            .send();
    assertProblem(lateOrder, 422, "/problems/unprocessable");
    assertThat(pointers(lateOrder)).containsExactly("/location_id");
  }

  @Test
  void managersWriteAndOtherRolesOnlyRead() {
    String manager = server.createUser("manager").token();
    String technician = server.createUser("technician").token();
    String requester = server.createUser("requester").token();
    Http.Response made =
        http.post(LOCATIONS).token(manager).json(new JsonObject().put("name", "Workshop")).send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    String id = made.json().getString("id");
    for (String reader : List.of(technician, requester)) {
      assertThat(http.get(LOCATIONS + "/" + id).token(reader).send().status()).isEqualTo(200);
      assertThat(http.get(LOCATIONS).token(reader).send().status()).isEqualTo(200);
      assertProblem(
          http.post(LOCATIONS).token(reader).json(new JsonObject().put("name", "No")).send(),
          403,
          "/problems/forbidden");
      assertProblem(
          http.patch(LOCATIONS + "/" + id)
              .token(reader)
              .header("If-Match", "\"1\"")
              .json(new JsonObject().put("name", "No"))
              .send(),
          403,
          "/problems/forbidden");
      assertProblem(
          http.delete(LOCATIONS + "/" + id).token(reader).send(), 403, "/problems/forbidden");
    }
    Http.Response stale =
        http.patch(LOCATIONS + "/" + id)
            .token(manager)
            .header("If-Match", "\"7\"")
            .json(new JsonObject().put("name", "Shop"))
            .send();
    assertProblem(stale, 412, "/problems/precondition-failed");
    Http.Response missing =
        http.patch(LOCATIONS + "/" + id)
            .token(manager)
            .json(new JsonObject().put("name", "Shop"))
            .send();
    assertProblem(missing, 428, "/problems/precondition-required");
    Http.Response blank =
        http.post(LOCATIONS).token(manager).json(new JsonObject().put("name", "")).send();
    assertProblem(blank, 400, "/problems/validation");
    assertThat(http.delete(LOCATIONS + "/" + id).token(manager).send().status()).isEqualTo(204);
  }

  @Test
  void aWorkOrderTakesALocationAndIsFilteredByIt() {
    JsonObject hall = location("Hall W", null);
    JsonObject placed =
        WorkOrders.create(
            http,
            admin,
            new JsonObject()
                .put("title", "Light out in hall W")
                .put("location_id", hall.getString("id")));
    assertThat(placed.getString("location_id")).isEqualTo(hall.getString("id"));
    WorkOrders.create(http, admin, "Nowhere in particular");
    Http.Response filtered =
        http.get("/api/v1/work-orders?location_id=" + hall.getString("id")).token(admin).send();
    assertThat(filtered.status()).isEqualTo(200);
    assertThat(filtered.items().stream().map(i -> ((JsonObject) i).getString("title")))
        .containsExactly("Light out in hall W");
    Http.Response unknown =
        http.post("/api/v1/work-orders")
            .token(admin)
            .json(
                new JsonObject().put("title", "x").put("location_id", UUID.randomUUID().toString()))
            .send();
    assertProblem(unknown, 422, "/problems/unprocessable");
    assertThat(pointers(unknown)).containsExactly("/location_id");
  }
}
