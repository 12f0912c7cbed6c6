package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.bus.BusClient;
import dev.wrench.core.Actor;
import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import dev.wrench.workorder.WorkOrderService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an answer sets off beyond its item: the one follow-up work order of a failed item (also
 * under 32 concurrent answers), a meter reading, and the copies of generated work orders.
 */
class WorkOrderChecklistFollowUpTest extends ChecklistApiTestBase {

  private String followUpTemplate() {
    return templateId(
        item("belt_ok", "pass_fail").put("on_fail", "create_work_order"),
        item("temp", "number").put("max", "80").put("on_fail", "create_work_order"),
        item("quiet", "pass_fail"));
  }

  private List<JsonObject> followUps(String workOrderId) {
    Http.Response list =
        http.get(WORK_ORDERS + "?limit=100&follow_up_of=" + workOrderId).token(admin).send();
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    return list.items().stream().map(JsonObject.class::cast).toList();
  }

  private long count(String sql, String id) {
    try (Connection connection = server.database().connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, UUID.fromString(id));
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aFailedItemOpensExactlyOneFollowUp() {
    JsonObject original =
        workOrder(
            followUpTemplate(),
            new JsonObject()
                .put("title", "inspect")
                .put("priority", "high")
                .put("asset_id", asset(null)));
    String id = original.getString("id");
    assertThat(answer(admin, id, "belt_ok", true).status()).isEqualTo(200);
    assertThat(answer(admin, id, "quiet", false).json().getString("result")).isEqualTo("fail");
    assertThat(followUps(id)).isEmpty();

    assertThat(answer(admin, id, "belt_ok", false).json().getString("result")).isEqualTo("fail");
    List<JsonObject> made = followUps(id);
    assertThat(made).hasSize(1);
    JsonObject followUp = made.get(0);
    assertThat(followUp.getString("follow_up_of")).isEqualTo(id);
    assertThat(followUp.getString("source_item_key")).isEqualTo("belt_ok");
    assertThat(followUp.getString("priority")).isEqualTo("high");
    assertThat(followUp.getString("asset_id")).isEqualTo(original.getString("asset_id"));
    assertThat(followUp.getString("number")).isNotEqualTo(original.getString("number"));
    assertThat(followUp.getString("title")).contains(original.getString("number"));
    Http.Response read = http.get(WORK_ORDERS + "/" + followUp.getString("id")).token(admin).send();
    assertThat(read.json().getString("follow_up_of")).isEqualTo(id);
    assertThat(
            count(
                "SELECT count(*) FROM work_order_events WHERE work_order_id = ? AND type = 'created'",
                followUp.getString("id")))
        .isEqualTo(1);

    // Passing, then failing again, opens no second one; another item opens its own.
    answer(admin, id, "belt_ok", true);
    answer(admin, id, "belt_ok", false);
    assertThat(followUps(id)).hasSize(1);
    assertThat(answer(admin, id, "temp", 95).json().getString("result")).isEqualTo("fail");
    assertThat(followUps(id).stream().map(f -> f.getString("source_item_key")))
        .containsExactlyInAnyOrder("belt_ok", "temp");
  }

  @Test
  void thirtyTwoConcurrentFailingAnswersOpenOneFollowUp() {
    String id = workOrder(followUpTemplate()).getString("id");
    // Unconditional answers on the bus (no If-Match), so that all 32 are applied and race.
    WorkOrderService workOrders =
        BusClient.of(server.vertx().eventBus(), WorkOrderService.class, new DeliveryOptions());
    WrenchServer.User manager = server.createUser("manager");
    Actor actor = new Actor(UUID.fromString(manager.id()), WrenchServer.DEFAULT_ORG, "manager");
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      answers.add(
          workOrders.answerChecklistItem(
              actor, id, "belt_ok", null, new JsonObject().put("value", false)));
    }
    Http.await(Future.all(answers));
    assertThat(followUps(id)).hasSize(1);
    assertThat(checklistItem(id, "belt_ok").getInteger("version")).isEqualTo(33);

    // Through HTTP with the same If-Match: one is applied, the others are stale; still one.
    String second = workOrder(followUpTemplate()).getString("id");
    List<Future<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      calls.add(
          http.patch(WORK_ORDERS + "/" + second + "/checklist/items/temp")
              .token(admin)
              .header("If-Match", "\"1\"")
              .json(new JsonObject().put("value", 200))
              .sendAsync());
    }
    List<Integer> statuses =
        Http.await(Future.all(calls)).<Http.Response>list().stream()
            .map(Http.Response::status)
            .toList();
    assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
    assertThat(statuses.stream().filter(s -> s == 412)).hasSize(31);
    assertThat(followUps(second)).hasSize(1);
  }

  @Test
  void aMeterReadingAnswerIsAReadingOfItsMeter() {
    String meterId = counter();
    String template =
        templateId(
            item("hours", "meter_reading")
                .put("meter_id", meterId)
                .put("max", "10000")
                .put("required", true));
    String id = workOrder(template).getString("id");
    Http.Response answered = answer(admin, id, "hours", "1520.5");
    assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
    assertThat(answered.json().getString("value")).isEqualTo("1520.5");
    assertThat(answered.json().getString("result")).isEqualTo("pass");
    List<JsonObject> readings = allReadings(meterId);
    assertThat(readings).hasSize(1);
    assertThat(readings.get(0).getString("value")).isEqualTo("1520.5");
    assertThat(readings.get(0).getString("taken_at"))
        .isEqualTo(answered.json().getString("done_at"));
    JsonObject meter = http.get(METERS + "/" + meterId).token(admin).send().json();
    assertThat(meter.getJsonObject("last_reading").getString("value")).isEqualTo("1520.5");
    // A JSON number is taken too; a bad value records nothing.
    assertThat(answer(admin, id, "hours", 1600).status()).isEqualTo(200);
    assertThat(answer(admin, id, "hours", "16,00").status()).isEqualTo(422);
    assertThat(allReadings(meterId)).hasSize(2);
  }

  @Test
  void generatedWorkOrdersEachGetAFreshCopy() {
    String template = followUpTemplate();
    WorkOrderService workOrders =
        BusClient.of(server.vertx().eventBus(), WorkOrderService.class, new DeliveryOptions());
    Actor creator =
        new Actor(
            UUID.fromString(server.createUser("admin").id()), WrenchServer.DEFAULT_ORG, "admin");
    String schedule = UUID.randomUUID().toString();
    JsonObject single =
        Http.await(
            workOrders.generate(
                creator,
                new JsonObject()
                    .put("title", "monthly")
                    .put("pm_schedule_id", schedule)
                    .put("occurrence_at", "2027-01-04T08:00:00Z")
                    .put("checklist_template_id", template)));
    assertThat(single.getString("checklist_template_id")).isEqualTo(template);
    JsonArray batch = new JsonArray();
    for (String at : List.of("2027-02-01T08:00:00Z", "2027-03-01T08:00:00Z")) {
      batch.add(
          new JsonObject()
              .put("title", "monthly")
              .put("pm_schedule_id", schedule)
              .put("occurrence_at", at)
              .put("checklist_template_id", template)
              .put("created_by", creator.userId().toString()));
    }
    JsonObject generated =
        Http.await(workOrders.generateBatch(creator, new JsonObject().put("items", batch)));
    List<String> ids = new ArrayList<>();
    ids.add(single.getString("id"));
    generated.getJsonArray("items").forEach(w -> ids.add(((JsonObject) w).getString("id")));
    for (String id : ids) {
      assertThat(checklist(admin, id).json().getJsonArray("items")).hasSize(3);
    }
    Http.Response fromTemplate =
        http.get(WORK_ORDERS + "?limit=100&checklist_template_id=" + template).token(admin).send();
    assertThat(fromTemplate.items().stream().map(w -> ((JsonObject) w).getString("id")))
        .containsExactlyInAnyOrderElementsOf(ids);
    // Answering one copy leaves the others untouched.
    answer(admin, ids.get(0), "quiet", true);
    assertThat(checklistItem(ids.get(1), "quiet").getValue("value")).isNull();
  }

  @Test
  void aScheduleTakesOnlyALiveTemplateOfItsOrganization() {
    JsonObject schedule =
        new JsonObject()
            .put("title", "weekly")
            .put(
                "trigger",
                new JsonObject()
                    .put("type", "calendar")
                    .put("rrule", "FREQ=WEEKLY;BYDAY=MO")
                    .put("start", "2027-01-04T08:00:00")
                    .put("time_zone", "UTC"));
    String template = followUpTemplate();
    Http.Response made =
        http.post("/api/v1/pm-schedules")
            .token(admin)
            .json(schedule.copy().put("checklist_template_id", template))
            .send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    assertThat(made.json().getString("checklist_template_id")).isEqualTo(template);
    String other = otherTenantAdmin();
    String theirs = created(postTemplate(other, template("x", item("a", "checkbox"))));
    for (String refused : List.of(theirs, UUID.randomUUID().toString())) {
      Http.Response response =
          http.post("/api/v1/pm-schedules")
              .token(admin)
              .json(schedule.copy().put("checklist_template_id", refused))
              .send();
      dev.wrench.support.ProblemAssertions.assertProblem(
          response, 422, "/problems/unprocessable", "/checklist_template_id");
    }
    Http.Response patched =
        http.patch("/api/v1/pm-schedules/" + made.json().getString("id"))
            .token(admin)
            .header("If-Match", made.header("ETag"))
            .json(new JsonObject().put("checklist_template_id", theirs))
            .send();
    dev.wrench.support.ProblemAssertions.assertProblem(
        patched, 422, "/problems/unprocessable", "/checklist_template_id");
  }
}
