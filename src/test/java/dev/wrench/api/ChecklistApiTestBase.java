package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A running Wrench for the checklist tests (templates, a work order's checklist), and helpers. */
abstract class ChecklistApiTestBase extends MeterApiTestBase {

  static final String TEMPLATES = "/api/v1/checklist-templates";
  static final String WORK_ORDERS = "/api/v1/work-orders";

  static JsonObject item(String key, String type) {
    return new JsonObject().put("key", key).put("label", "Check " + key).put("type", type);
  }

  static JsonObject template(String name, JsonObject... items) {
    return new JsonObject()
        .put("name", name)
        .put("items", new JsonArray(List.of((Object[]) items)));
  }

  Http.Response postTemplate(String token, JsonObject body) {
    return http.post(TEMPLATES).token(token).json(body).send();
  }

  String templateId(JsonObject... items) {
    return created(postTemplate(admin, template("template", items)));
  }

  /** A work order made by the admin from {@code body} with {@code checklist_template_id}. */
  JsonObject workOrder(String templateId, JsonObject body) {
    Http.Response made =
        http.post(WORK_ORDERS)
            .token(admin)
            .json(body.copy().put("checklist_template_id", templateId))
            .send();
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return made.json();
  }

  JsonObject workOrder(String templateId) {
    return workOrder(templateId, new JsonObject().put("title", "inspect"));
  }

  Http.Response checklist(String token, String workOrderId) {
    return http.get(WORK_ORDERS + "/" + workOrderId + "/checklist").token(token).send();
  }

  JsonObject checklistItem(String workOrderId, String key) {
    Http.Response read = checklist(admin, workOrderId);
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    return read.json().getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .filter(i -> key.equals(i.getString("key")))
        .findFirst()
        .orElseThrow();
  }

  /** An answer to item {@code key}, with the If-Match of the item's current version. */
  Http.Response answer(String token, String workOrderId, String key, Object value) {
    int version = checklistItem(workOrderId, key).getInteger("version");
    return answer(token, workOrderId, key, value, version);
  }

  Http.Response answer(String token, String workOrderId, String key, Object value, int version) {
    return http.patch(WORK_ORDERS + "/" + workOrderId + "/checklist/items/" + key)
        .token(token)
        .header("If-Match", "\"" + version + "\"")
        .json(new JsonObject().put("value", value))
        .send();
  }

  /** The work order moved by the admin to {@code status}. */
  Http.Response move(String token, String workOrderId, String status) {
    Http.Response current = http.get(WORK_ORDERS + "/" + workOrderId).token(admin).send();
    return http.patch(WORK_ORDERS + "/" + workOrderId)
        .token(token)
        .header("If-Match", current.header("ETag"))
        .json(new JsonObject().put("status", status))
        .send();
  }
}
