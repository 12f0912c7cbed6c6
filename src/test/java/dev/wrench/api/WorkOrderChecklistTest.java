package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.ProblemAssertions;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A work order's checklist over HTTP: the copy made on create, typed answers and their results, the
 * rows and roles that may answer, completion with required items missing, and the history.
 */
class WorkOrderChecklistTest extends ChecklistApiTestBase {

  private String allTypesTemplate() {
    return templateId(
        item("done", "checkbox").put("required", true),
        item("pressure", "number").put("min", "10").put("max", "20.5").put("unit", "bar"),
        item("note", "text"),
        item("belt_ok", "pass_fail").put("required", true),
        item("photo", "photo"),
        item("signed", "signature"));
  }

  @Test
  void aWorkOrderCreatedWithATemplateGetsItsOwnCopy() {
    String templateId = allTypesTemplate();
    JsonObject workOrder = workOrder(templateId);
    assertThat(workOrder.getString("checklist_template_id")).isEqualTo(templateId);
    assertThat(workOrder.getValue("follow_up_of")).isNull();
    Http.Response read = checklist(admin, workOrder.getString("id"));
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(read.header("ETag")).isEqualTo("\"1\"");
    JsonArray items = read.json().getJsonArray("items");
    assertThat(items.stream().map(i -> ((JsonObject) i).getString("key")))
        .containsExactly("done", "pressure", "note", "belt_ok", "photo", "signed");
    JsonObject pressure = items.getJsonObject(1);
    assertThat(pressure.getString("min")).isEqualTo("10");
    assertThat(pressure.getString("max")).isEqualTo("20.5");
    assertThat(pressure.getValue("value")).isNull();
    assertThat(pressure.getValue("result")).isNull();

    // The copy is the work order's: changing the template does not change it.
    Http.Response changed =
        http.patch(TEMPLATES + "/" + templateId)
            .token(admin)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("items", new JsonArray().add(item("other", "text"))))
            .send();
    assertThat(changed.status()).isEqualTo(200);
    assertThat(checklist(admin, workOrder.getString("id")).json().getJsonArray("items")).hasSize(6);
    // Read-only afterwards: a patch may not name it.
    assertProblem(
        http.patch(WORK_ORDERS + "/" + workOrder.getString("id"))
            .token(admin)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("checklist_template_id", templateId))
            .send(),
        400,
        "/problems/validation");
    // Without a template, an empty checklist.
    String plain = workOrder(null).getString("id");
    assertThat(checklist(admin, plain).json().getJsonArray("items")).isEmpty();
  }

  @Test
  void anUnknownOtherTenantsOrDeletedTemplateIs422AndCreatesNothing() {
    String title = "refused " + UUID.randomUUID();
    JsonObject body = new JsonObject().put("title", title);
    assertProblem(
        http.post(WORK_ORDERS)
            .token(admin)
            .json(body.copy().put("checklist_template_id", UUID.randomUUID().toString()))
            .send(),
        422,
        "/problems/unprocessable",
        "/checklist_template_id");
    String other = otherTenantAdmin();
    String theirs = created(postTemplate(other, template("theirs", item("a", "checkbox"))));
    assertProblem(
        http.post(WORK_ORDERS)
            .token(admin)
            .json(body.copy().put("checklist_template_id", theirs))
            .send(),
        422,
        "/problems/unprocessable",
        "/checklist_template_id");
    String deleted = templateId(item("a", "checkbox"));
    assertThat(http.delete(TEMPLATES + "/" + deleted).token(admin).send().status()).isEqualTo(204);
    assertProblem(
        http.post(WORK_ORDERS)
            .token(admin)
            .json(body.copy().put("checklist_template_id", deleted))
            .send(),
        422,
        "/problems/unprocessable",
        "/checklist_template_id");
    Http.Response search = http.get(WORK_ORDERS + "?q=" + title.split(" ")[1]).token(admin).send();
    assertThat(search.items()).isEmpty();
  }

  @Test
  void answersAreTypedAndJudged() {
    String id = workOrder(allTypesTemplate()).getString("id");
    Http.Response low = answer(admin, id, "pressure", 9.5);
    assertThat(low.status()).as(low.toString()).isEqualTo(200);
    assertThat(low.header("ETag")).isEqualTo("\"2\"");
    assertThat(low.json().getString("result")).isEqualTo("fail");
    assertThat(low.json().getValue("value")).isEqualTo(9.5);
    assertThat(low.json().getString("done_at")).isNotNull();
    assertThat(answer(admin, id, "pressure", 20.5).json().getString("result")).isEqualTo("pass");
    assertThat(answer(admin, id, "pressure", 10).json().getString("result")).isEqualTo("pass");
    assertThat(answer(admin, id, "belt_ok", false).json().getString("result")).isEqualTo("fail");
    assertThat(answer(admin, id, "belt_ok", true).json().getString("result")).isEqualTo("pass");
    Http.Response done = answer(admin, id, "done", false);
    assertThat(done.json().getValue("value")).isEqualTo(false);
    assertThat(done.json().getValue("result")).isNull();
    assertThat(answer(admin, id, "note", "all good").json().getString("value"))
        .isEqualTo("all good");
    assertThat(answer(admin, id, "signed", "J. Doe").json().getString("value")).isEqualTo("J. Doe");

    // Wrong types: 422 at /value, nothing changed.
    Object[][] wrong = {
      {"pressure", "12"},
      {"pressure", true},
      {"done", "yes"},
      {"belt_ok", 0},
      {"note", 5},
      {"signed", false},
      {"photo", "not-a-uuid"},
      {"photo", UUID.randomUUID().toString()},
      {"pressure", 0.1234567}
    };
    for (Object[] answer : wrong) {
      JsonObject before = checklistItem(id, (String) answer[0]);
      assertProblem(
          answer(admin, id, (String) answer[0], answer[1]),
          422,
          "/problems/unprocessable",
          "/value");
      assertThat(checklistItem(id, (String) answer[0])).isEqualTo(before);
    }
    // A null clears the answer.
    Http.Response cleared = answer(admin, id, "note", null);
    assertThat(cleared.json().getValue("value")).isNull();
    assertThat(cleared.json().getValue("done_by")).isNull();
    assertProblem(answer(admin, id, "nothing_here", true, 1), 404, "/problems/not-found");
  }

  @Test
  void anAnswerNeedsTheItemsCurrentVersion() {
    String id = workOrder(allTypesTemplate()).getString("id");
    Http.Response noVersion =
        http.patch(WORK_ORDERS + "/" + id + "/checklist/items/note")
            .token(admin)
            .json(new JsonObject().put("value", "x"))
            .send();
    assertProblem(noVersion, 428, "/problems/precondition-required");
    assertThat(answer(admin, id, "note", "first", 1).status()).isEqualTo(200);
    assertProblem(answer(admin, id, "note", "second", 1), 412, "/problems/precondition-failed");
    assertThat(checklistItem(id, "note").getString("value")).isEqualTo("first");
    Http.Response read = checklist(admin, id);
    assertThat(read.header("ETag")).isEqualTo("\"2\"");
    assertThat(
            http.get(WORK_ORDERS + "/" + id + "/checklist")
                .token(admin)
                .header("If-None-Match", "\"2\"")
                .send()
                .status())
        .isEqualTo(304);
  }

  @Test
  void aPhotoMustBeAnAttachmentOfTheSameWorkOrder() throws SQLException {
    String template = allTypesTemplate();
    String id = workOrder(template).getString("id");
    String otherWorkOrder = workOrder(template).getString("id");
    String own = attachment(id);
    String foreign = attachment(otherWorkOrder);
    assertProblem(answer(admin, id, "photo", foreign), 422, "/problems/unprocessable", "/value");
    assertThat(checklistItem(id, "photo").getValue("value")).isNull();
    Http.Response ok = answer(admin, id, "photo", own);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.json().getString("value")).isEqualTo(own);
  }

  /** An attachment row of work order {@code workOrderId}, as an upload would leave it. */
  private String attachment(String workOrderId) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection connection = server.database().connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO attachments (id, org_id, work_order_id, storage_key, filename,"
                    + " status, uploaded_by) SELECT ?, org_id, id, ?, 'p.jpg', 'ready', requester_id"
                    + " FROM work_orders WHERE id = ?")) {
      insert.setObject(1, id);
      insert.setString(2, "test/" + id);
      insert.setObject(3, UUID.fromString(workOrderId));
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
    return id.toString();
  }

  @Test
  void completingWithARequiredItemUnansweredIs409WithTheKeys() {
    String id = workOrder(allTypesTemplate()).getString("id");
    assertThat(move(admin, id, "in_progress").status()).isEqualTo(200);
    Http.Response refused = move(admin, id, "completed");
    assertProblem(refused, 409, "/problems/checklist-incomplete");
    assertThat(ProblemAssertions.pointers(refused))
        .containsExactly("/checklist/items/done", "/checklist/items/belt_ok");
    assertThat(http.get(WORK_ORDERS + "/" + id).token(admin).send().json().getString("status"))
        .isEqualTo("in_progress");
    answer(admin, id, "done", true);
    assertThat(ProblemAssertions.pointers(move(admin, id, "completed")))
        .containsExactly("/checklist/items/belt_ok");
    // A failed answer is an answer.
    answer(admin, id, "belt_ok", false);
    Http.Response completed = move(admin, id, "completed");
    assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
    // A completed work order's checklist no longer changes.
    assertProblem(answer(admin, id, "note", "late"), 409, "/problems/conflict");
  }

  @Test
  void answersAreInTheHistory() {
    String id = workOrder(allTypesTemplate()).getString("id");
    answer(admin, id, "pressure", 12.5);
    answer(admin, id, "pressure", 30);
    Http.Response history = http.get(WORK_ORDERS + "/" + id + "/history").token(admin).send();
    List<JsonObject> entries =
        history.items().stream()
            .map(JsonObject.class::cast)
            .filter(e -> "checklist/pressure".equals(e.getString("field")))
            .toList();
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).getValue("old_value")).isNull();
    assertThat(((Number) entries.get(0).getValue("new_value")).doubleValue()).isEqualTo(12.5);
    assertThat(((Number) entries.get(1).getValue("old_value")).doubleValue()).isEqualTo(12.5);
    assertThat(((Number) entries.get(1).getValue("new_value")).intValue()).isEqualTo(30);
    assertThat(entries.get(1).getString("actor_id")).isNotNull();
    assertThat(entries.get(1).getString("action")).isEqualTo("updated");
  }

  @Test
  void whoMayChangeTheStatusMayAnswerRequestersOnlyRead() {
    String template = allTypesTemplate();
    WrenchServer.Technician assigned = server.createTechnicianUser();
    String other = server.createTechnicianUser().user().token();
    String manager = server.createUser("manager").token();
    WrenchServer.User requester = server.createUser("requester");
    String id =
        workOrder(
                template,
                new JsonObject()
                    .put("title", "assigned")
                    .put("assignee_id", assigned.technicianId())
                    .put("requester_id", requester.id()))
            .getString("id");
    assertThat(answer(assigned.user().token(), id, "note", "mine").status()).isEqualTo(200);
    assertThat(answer(manager, id, "note", "manager").status()).isEqualTo(200);
    assertProblem(answer(other, id, "note", "not mine"), 403, "/problems/forbidden");
    assertThat(checklist(other, id).status()).isEqualTo(200);
    assertThat(checklist(requester.token(), id).status()).isEqualTo(200);
    assertProblem(answer(requester.token(), id, "note", "x"), 403, "/problems/forbidden");
    String someoneElses = workOrder(template).getString("id");
    assertProblem(checklist(requester.token(), someoneElses), 404, "/problems/not-found");
    assertThat(checklistItem(id, "note").getString("value")).isEqualTo("manager");
  }

  @Test
  void anotherTenantsChecklistIs404() {
    String id = workOrder(allTypesTemplate()).getString("id");
    String other = otherTenantAdmin();
    assertProblem(checklist(other, id), 404, "/problems/not-found");
    assertProblem(answer(other, id, "note", "stolen", 1), 404, "/problems/not-found");
    assertThat(checklistItem(id, "note").getValue("value")).isNull();
  }

  @Test
  void aSiteScopedUserAnswersOnlyItsSitesWorkOrders() {
    String north =
        created(
            http.post("/api/v1/sites").token(admin).json(new JsonObject().put("name", "N")).send());
    String south =
        created(
            http.post("/api/v1/sites").token(admin).json(new JsonObject().put("name", "S")).send());
    String template = allTypesTemplate();
    String northOrder =
        workOrder(template, new JsonObject().put("title", "n").put("asset_id", asset(north)))
            .getString("id");
    String southOrder =
        workOrder(template, new JsonObject().put("title", "s").put("asset_id", asset(south)))
            .getString("id");
    String manager = server.createUser("manager", List.of(north)).token();
    assertThat(answer(manager, northOrder, "note", "ok").status()).isEqualTo(200);
    assertProblem(checklist(manager, southOrder), 404, "/problems/not-found");
    assertProblem(answer(manager, southOrder, "note", "no", 1), 404, "/problems/not-found");
    assertThat(checklistItem(southOrder, "note").getValue("value")).isNull();
  }
}
