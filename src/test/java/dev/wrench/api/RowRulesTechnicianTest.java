package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The row rules for technicians (status changes on work orders assigned to them) and for comments.
 */
class RowRulesTechnicianTest extends AbstractRowRulesTest {

  private static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
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
