package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Pages;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The row rules on top of the role matrix: a requester sees only the work orders they requested
 * (the others do not exist for them), a technician changes only the status of work orders assigned
 * to them and comments only on those, and only managers and admins reopen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowRulesTest {

  private static final String WORK_ORDERS = "/api/v1/work-orders";

  private WrenchServer server;
  private Http http;
  private String admin;
  private String manager;
  private WrenchServer.User alice;
  private WrenchServer.User bob;
  private WrenchServer.Technician tina;
  private WrenchServer.Technician tom;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    manager = server.createUser("manager").token();
    alice = server.createUser("requester");
    bob = server.createUser("requester");
    tina = server.createTechnicianUser();
    tom = server.createTechnicianUser();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The body of a work order filed on behalf of {@code requester}, optionally assigned. */
  private static JsonObject onBehalfOf(
      WrenchServer.User requester, WrenchServer.Technician assignee, String title) {
    JsonObject body = new JsonObject().put("title", title).put("requester_id", requester.id());
    if (assignee != null) {
      body.put("assignee_id", assignee.technicianId());
    }
    return body;
  }

  /** The body of a work order assigned to {@code assignee}. */
  private static JsonObject assignedTo(WrenchServer.Technician assignee, String title) {
    return new JsonObject().put("title", title).put("assignee_id", assignee.technicianId());
  }

  private Http.Response patch(String token, JsonObject workOrder, JsonObject changes) {
    return http.patch(WORK_ORDERS + "/" + workOrder.getString("id"))
        .token(token)
        .header("If-Match", "\"" + workOrder.getInteger("version") + "\"")
        .mergePatch(changes)
        .send();
  }

  private JsonObject patchOk(String token, JsonObject workOrder, JsonObject changes) {
    Http.Response response = patch(token, workOrder, changes);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private JsonObject current(JsonObject workOrder) {
    return http.get(WORK_ORDERS + "/" + workOrder.getString("id")).token(admin).send().json();
  }

  private Http.Response comment(String token, JsonObject workOrder, String body) {
    return http.post(WORK_ORDERS + "/" + workOrder.getString("id") + "/comments")
        .token(token)
        .json(new JsonObject().put("body", body))
        .send();
  }

  /** The answer for a work order that is not visible: the same as for one that does not exist. */
  private void assertLooksNonexistent(Http.Response response, String path) {
    assertProblem(response, 404, "/problems/not-found");
    Http.Response missing =
        http.get(path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", UUID.randomUUID().toString()))
            .token(admin)
            .send();
    assertThat(response.json().getString("detail")).isEqualTo(missing.json().getString("detail"));
    assertThat(response.json().getString("title")).isEqualTo(missing.json().getString("title"));
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  // --- what a requester sees ---

  @Test
  void aRequesterListsOnlyTheWorkOrdersTheyRequested() {
    JsonObject mine1 = WorkOrders.create(http, admin, onBehalfOf(alice, null, "alice leaking tap"));
    JsonObject mine2 = WorkOrders.create(http, alice.token(), "alice broken window");
    JsonObject bobs = WorkOrders.create(http, admin, onBehalfOf(bob, tina, "bob noisy fan"));
    JsonObject nobodys = WorkOrders.create(http, admin, "admin own");

    List<JsonObject> seen = Pages.collect(http, alice.token(), WORK_ORDERS, 2);
    assertThat(seen)
        .isNotEmpty()
        .allSatisfy(wo -> assertThat(wo.getString("requester_id")).isEqualTo(alice.id()));
    assertThat(Pages.ids(seen))
        .contains(mine1.getString("id"), mine2.getString("id"))
        .doesNotContain(bobs.getString("id"), nobodys.getString("id"));

    // Filters narrow what they may see; they never widen it.
    assertThat(Pages.collect(http, alice.token(), WORK_ORDERS + "?requester_id=" + bob.id(), 100))
        .isEmpty();
    assertThat(Pages.collect(http, alice.token(), WORK_ORDERS + "?q=noisy", 100)).isEmpty();
    assertThat(
            Pages.collect(
                http, alice.token(), WORK_ORDERS + "?assignee_id=" + tina.technicianId(), 100))
        .isEmpty();
    assertThat(Pages.ids(Pages.collect(http, admin, WORK_ORDERS + "?q=noisy", 100)))
        .contains(bobs.getString("id"));
  }

  @Test
  void aRequesterGetsTheirOwnWorkOrderWithHistoryAndComments() {
    JsonObject mine = WorkOrders.create(http, admin, onBehalfOf(alice, null, "alice own"));
    assertThat(comment(admin, mine, "on it").status()).isEqualTo(201);
    String path = WORK_ORDERS + "/" + mine.getString("id");
    Http.Response got = http.get(path).token(alice.token()).send();
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(mine);
    Http.Response history = http.get(path + "/history").token(alice.token()).send();
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.items()).isNotEmpty();
    Http.Response comments = http.get(path + "/comments").token(alice.token()).send();
    assertThat(comments.status()).isEqualTo(200);
    assertThat(comments.items()).hasSize(1);
  }

  @Test
  void anotherRequestersWorkOrderIs404ForThemNever403() {
    JsonObject bobs = WorkOrders.create(http, admin, onBehalfOf(bob, tina, "bob private"));
    assertThat(comment(admin, bobs, "visible to bob").status()).isEqualTo(201);
    String path = WORK_ORDERS + "/" + bobs.getString("id");

    assertLooksNonexistent(http.get(path).token(alice.token()).send(), path);
    assertLooksNonexistent(
        http.get(path + "/history").token(alice.token()).send(), path + "/history");
    assertLooksNonexistent(
        http.get(path + "/comments").token(alice.token()).send(), path + "/comments");
    Http.Response commented = comment(alice.token(), bobs, "let me in");
    assertProblem(commented, 404, "/problems/not-found");
    // And with a conditional request: no 304 that would confirm it exists.
    assertProblem(
        http.get(path).token(alice.token()).header("If-None-Match", "\"1\"").send(),
        404,
        "/problems/not-found");

    assertThat(http.get(path + "/comments").token(admin).send().items()).hasSize(1);
    assertThat(http.get(path).token(bob.token()).send().status()).isEqualTo(200);
  }

  @Test
  void theHistoryOfADeletedWorkOrderStaysHiddenFromOtherRequesters() {
    JsonObject bobs = WorkOrders.create(http, admin, onBehalfOf(bob, null, "bob deleted"));
    assertThat(http.delete(WORK_ORDERS + "/" + bobs.getString("id")).token(admin).send().status())
        .isEqualTo(204);
    String history = WORK_ORDERS + "/" + bobs.getString("id") + "/history";
    assertThat(http.get(history).token(bob.token()).send().status()).isEqualTo(200);
    assertProblem(http.get(history).token(alice.token()).send(), 404, "/problems/not-found");
  }

  // --- what a requester creates ---

  @Test
  void aRequestersCreateAlwaysHasThemAsRequester() {
    JsonObject plain = WorkOrders.create(http, alice.token(), "alice plain");
    assertThat(plain.getString("requester_id")).isEqualTo(alice.id());

    JsonObject impersonating =
        WorkOrders.create(
            http,
            alice.token(),
            new JsonObject().put("title", "alice as bob").put("requester_id", bob.id()));
    assertThat(impersonating.getString("requester_id")).isEqualTo(alice.id());
    assertThat(current(impersonating).getString("requester_id")).isEqualTo(alice.id());

    JsonObject nulled =
        WorkOrders.create(
            http,
            alice.token(),
            new JsonObject().put("title", "alice as nobody").putNull("requester_id"));
    assertThat(nulled.getString("requester_id")).isEqualTo(alice.id());

    assertProblem(
        http.get(WORK_ORDERS + "/" + impersonating.getString("id")).token(bob.token()).send(),
        404,
        "/problems/not-found");
    assertThat(
            http.get(WORK_ORDERS + "/" + impersonating.getString("id"))
                .token(alice.token())
                .send()
                .status())
        .isEqualTo(200);
  }

  @Test
  void managersAndAdminsMayFileOnSomeonesBehalf() {
    JsonObject byAdmin =
        WorkOrders.create(
            http, admin, new JsonObject().put("title", "for bob").put("requester_id", bob.id()));
    assertThat(byAdmin.getString("requester_id")).isEqualTo(bob.id());
    JsonObject byManager =
        WorkOrders.create(
            http,
            manager,
            new JsonObject().put("title", "for alice").put("requester_id", alice.id()));
    assertThat(byManager.getString("requester_id")).isEqualTo(alice.id());
    assertThat(
            http.get(WORK_ORDERS + "/" + byManager.getString("id"))
                .token(alice.token())
                .send()
                .status())
        .isEqualTo(200);
  }

  @Test
  void aRequesterMayNotChangeOrDeleteEvenTheirOwnWorkOrder() {
    JsonObject mine = WorkOrders.create(http, alice.token(), "alice unchangeable");
    assertProblem(
        patch(alice.token(), mine, new JsonObject().put("title", "changed")),
        403,
        "/problems/forbidden");
    assertProblem(
        http.delete(WORK_ORDERS + "/" + mine.getString("id")).token(alice.token()).send(),
        403,
        "/problems/forbidden");
    assertThat(current(mine)).isEqualTo(mine);
  }

  // --- what a technician changes ---

  @Test
  void aTechnicianMayChangeTheStatusOfAWorkOrderAssignedToThem() {
    JsonObject wo = WorkOrders.create(http, admin, assignedTo(tina, "tina status"));
    Http.Response started =
        patch(tina.user().token(), wo, new JsonObject().put("status", "in_progress"));
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    assertThat(started.json().getString("status")).isEqualTo("in_progress");
    assertThat(started.header("ETag")).isEqualTo("\"2\"");
    JsonObject held =
        patchOk(tina.user().token(), started.json(), new JsonObject().put("status", "on_hold"));
    assertThat(held.getString("status")).isEqualTo("on_hold");

    JsonArray history =
        http.get(WORK_ORDERS + "/" + wo.getString("id") + "/history").token(admin).send().items();
    JsonObject last = history.getJsonObject(history.size() - 1);
    assertThat(last.getString("field")).isEqualTo("status");
    assertThat(last.getString("actor_id")).isEqualTo(tina.user().id());
  }

  @Test
  void aTechnicianChangingAnyOtherFieldIs403AndNothingChanges() {
    JsonObject wo = WorkOrders.create(http, admin, assignedTo(tina, "tina fields"));
    List<JsonObject> attempts =
        List.of(
            new JsonObject().put("title", "renamed"),
            new JsonObject().put("priority", "critical"),
            new JsonObject().put("description", "more"),
            new JsonObject().put("due_at", "2030-01-01T00:00:00Z"),
            new JsonObject().putNull("assignee_id"),
            new JsonObject().put("assignee_id", tom.technicianId()),
            new JsonObject().put("status", "in_progress").put("priority", "low"),
            new JsonObject().put("status", "in_progress").put("title", "sneaky"));
    for (JsonObject attempt : attempts) {
      Http.Response response = patch(tina.user().token(), wo, attempt);
      assertThat(response.status()).as(attempt + " -> " + response).isEqualTo(403);
      assertThat(response.json().getString("type")).isEqualTo("/problems/forbidden");
    }
    assertThat(current(wo)).isEqualTo(wo);
  }

  @Test
  void aTechnicianChangingAWorkOrderNotAssignedToThemIs403() {
    JsonObject toms = WorkOrders.create(http, admin, assignedTo(tom, "tom's job"));
    JsonObject unassigned = WorkOrders.create(http, admin, "nobody's job");
    assertProblem(
        patch(tina.user().token(), toms, new JsonObject().put("status", "in_progress")),
        403,
        "/problems/forbidden");
    assertProblem(
        patch(tina.user().token(), unassigned, new JsonObject().put("status", "in_progress")),
        403,
        "/problems/forbidden");
    assertThat(current(toms)).isEqualTo(toms);
    assertThat(current(unassigned)).isEqualTo(unassigned);
    assertThat(
            patch(tom.user().token(), toms, new JsonObject().put("status", "in_progress")).status())
        .isEqualTo(200);
  }

  @Test
  void aTechnicianLosesTheWorkOrderWhenItIsReassigned() {
    JsonObject wo = WorkOrders.create(http, admin, assignedTo(tina, "reassigned"));
    JsonObject moved =
        patchOk(manager, wo, new JsonObject().put("assignee_id", tom.technicianId()));
    assertProblem(
        patch(tina.user().token(), moved, new JsonObject().put("status", "in_progress")),
        403,
        "/problems/forbidden");
    assertThat(
            patch(tom.user().token(), moved, new JsonObject().put("status", "in_progress"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void aTechnicianCannotReopenACompletedWorkOrderButAManagerCan() {
    JsonObject wo = WorkOrders.create(http, admin, assignedTo(tina, "reopen"));
    JsonObject started =
        patchOk(tina.user().token(), wo, new JsonObject().put("status", "in_progress"));
    JsonObject done =
        patchOk(tina.user().token(), started, new JsonObject().put("status", "completed"));
    assertThat(done.getString("completed_at")).isNotNull();

    Http.Response reopen = patch(tina.user().token(), done, new JsonObject().put("status", "open"));
    assertProblem(reopen, 403, "/problems/forbidden");
    assertThat(current(wo)).isEqualTo(done);

    JsonObject reopened = patchOk(manager, done, new JsonObject().put("status", "open"));
    assertThat(reopened.getString("status")).isEqualTo("open");
    assertThat(reopened.getValue("completed_at")).isNull();
  }

  @Test
  void aTechnicianStillFollowsTheStateMachine() {
    JsonObject wo = WorkOrders.create(http, admin, assignedTo(tina, "state machine"));
    Http.Response skip =
        patch(tina.user().token(), wo, new JsonObject().put("status", "completed"));
    assertProblem(skip, 409, "/problems/invalid-transition");
  }

  // --- who comments where ---

  @Test
  void aTechnicianCommentsOnlyOnWorkOrdersAssignedToThem() {
    JsonObject mine = WorkOrders.create(http, admin, assignedTo(tina, "tina comments"));
    JsonObject toms = WorkOrders.create(http, admin, assignedTo(tom, "tom comments"));
    JsonObject unassigned = WorkOrders.create(http, admin, "unassigned comments");

    Http.Response ok = comment(tina.user().token(), mine, "replaced the belt");
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.json().getString("author_id")).isEqualTo(tina.user().id());

    assertProblem(comment(tina.user().token(), toms, "not mine"), 403, "/problems/forbidden");
    assertProblem(
        comment(tina.user().token(), unassigned, "not mine either"), 403, "/problems/forbidden");
    assertThat(
            http.get(WORK_ORDERS + "/" + toms.getString("id") + "/comments")
                .token(admin)
                .send()
                .items())
        .isEmpty();
    assertThat(
            http.get(WORK_ORDERS + "/" + unassigned.getString("id") + "/comments")
                .token(admin)
                .send()
                .items())
        .isEmpty();
  }

  @Test
  void aRequesterCommentsOnTheirOwnWorkOrder() {
    JsonObject mine = WorkOrders.create(http, alice.token(), "alice comments");
    Http.Response response = comment(alice.token(), mine, "still dripping");
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    JsonObject created = response.json();
    assertThat(created.getString("author_id")).isEqualTo(alice.id());
    assertThat(created.getString("work_order_id")).isEqualTo(mine.getString("id"));
    assertThat(created.getString("body")).isEqualTo("still dripping");
    JsonArray listed =
        http.get(WORK_ORDERS + "/" + mine.getString("id") + "/comments")
            .token(alice.token())
            .send()
            .items();
    assertThat(ids(listed)).containsExactly(created.getString("id"));
  }

  @Test
  void managersCommentOnAnyWorkOrder() {
    JsonObject bobs = WorkOrders.create(http, admin, onBehalfOf(bob, tom, "manager comments"));
    assertThat(comment(manager, bobs, "approved").status()).isEqualTo(201);
  }
}
