package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.ProblemAssertions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Checklist templates as a resource: roles, tenants, the item rules (422 with pointers) and the
 * meters a template may name.
 */
class ChecklistTemplateApiTest extends ChecklistApiTestBase {

  @Test
  void aManagerManagesTemplatesAndATechnicianReadsThem() {
    String manager = server.createUser("manager").token();
    String technician = server.createUser("technician").token();
    Http.Response made =
        postTemplate(
            manager,
            template(
                "AHU monthly",
                item("filter_ok", "pass_fail")
                    .put("required", true)
                    .put("on_fail", "create_work_order"),
                item("pressure", "number").put("min", "0").put("max", "250.5").put("unit", "Pa")));
    String id = created(made);
    assertThat(made.header("Location")).isEqualTo(TEMPLATES + "/" + id);
    assertThat(made.header("ETag")).isEqualTo("\"1\"");
    JsonObject pressure = made.json().getJsonArray("items").getJsonObject(1);
    assertThat(pressure.getString("min")).isEqualTo("0");
    assertThat(pressure.getString("max")).isEqualTo("250.5");
    assertThat(pressure.getString("on_fail")).isEqualTo("none");
    assertThat(pressure.getBoolean("required")).isFalse();
    assertThat(made.json().getJsonArray("items").getJsonObject(0).getString("on_fail"))
        .isEqualTo("create_work_order");

    assertThat(http.get(TEMPLATES + "/" + id).token(technician).send().status()).isEqualTo(200);
    Http.Response list = http.get(TEMPLATES + "?limit=100").token(technician).send();
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.items().stream().map(i -> ((JsonObject) i).getString("id"))).contains(id);

    assertProblem(
        postTemplate(technician, template("t", item("a", "text"))), 403, "/problems/forbidden");
    assertProblem(
        http.patch(TEMPLATES + "/" + id)
            .token(technician)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("name", "x"))
            .send(),
        403,
        "/problems/forbidden");
    assertProblem(
        http.delete(TEMPLATES + "/" + id).token(technician).send(), 403, "/problems/forbidden");
    String requester = server.createUser("requester").token();
    assertProblem(
        http.get(TEMPLATES + "/" + id).token(requester).send(), 403, "/problems/forbidden");

    Http.Response renamed =
        http.patch(TEMPLATES + "/" + id)
            .token(manager)
            .header("If-Match", "\"1\"")
            .mergePatch(
                new JsonObject()
                    .put("name", "AHU quarterly")
                    .put("items", new JsonArray().add(item("only", "checkbox"))))
            .send();
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.header("ETag")).isEqualTo("\"2\"");
    assertThat(renamed.json().getJsonArray("items")).hasSize(1);
    assertProblem(
        http.patch(TEMPLATES + "/" + id)
            .token(manager)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("name", "stale"))
            .send(),
        412,
        "/problems/precondition-failed");
    assertProblem(
        http.patch(TEMPLATES + "/" + id)
            .token(manager)
            .json(new JsonObject().put("name", "no version"))
            .send(),
        428,
        "/problems/precondition-required");
    assertThat(http.delete(TEMPLATES + "/" + id).token(manager).send().status()).isEqualTo(204);
    assertThat(http.get(TEMPLATES + "/" + id).token(admin).send().status()).isEqualTo(404);
  }

  @Test
  void badItemsAre422WithAPointerEachAndNothingIsCreated() {
    Http.Response refused =
        postTemplate(
            admin,
            template(
                "bad " + UUID.randomUUID(),
                item("Bad Key", "text"),
                item("dup", "text"),
                item("dup", "checkbox"),
                item("range", "number").put("min", "10").put("max", "5"),
                item("words", "text").put("unit", "Pa"),
                item("flag", "checkbox").put("min", "1"),
                item("hours", "meter_reading"),
                item("note", "text").put("meter_id", UUID.randomUUID().toString()),
                item("done", "checkbox").put("on_fail", "create_work_order"),
                item("odd", "number").put("max", "1e3")));
    assertProblem(refused, 422, "/problems/unprocessable");
    assertThat(ProblemAssertions.pointers(refused))
        .containsExactlyInAnyOrder(
            "/items/0/key",
            "/items/2/key",
            "/items/3/min",
            "/items/4/unit",
            "/items/5/min",
            "/items/6/meter_id",
            "/items/7/meter_id",
            "/items/8/on_fail",
            "/items/9/max");
    Http.Response list = http.get(TEMPLATES + "?limit=100").token(admin).send();
    assertThat(list.items().stream().map(i -> ((JsonObject) i).getString("name")))
        .noneMatch(name -> name.startsWith("bad "));
    // The contract's own checks: an unknown type, a missing label.
    assertProblem(
        postTemplate(admin, template("t", item("a", "dial"))), 400, "/problems/validation");
    assertProblem(
        postTemplate(admin, template("t", new JsonObject().put("key", "a").put("type", "text"))),
        400,
        "/problems/validation");
    assertProblem(postTemplate(admin, template("t")), 400, "/problems/validation");
  }

  @Test
  void aMeterReadingItemNeedsAMeterTheCallerCanSee() {
    String north =
        created(
            http.post("/api/v1/sites").token(admin).json(new JsonObject().put("name", "N")).send());
    String south =
        created(
            http.post("/api/v1/sites").token(admin).json(new JsonObject().put("name", "S")).send());
    String northMeter = meter(asset(north), "counter").getString("id");
    String southMeter = meter(asset(south), "counter").getString("id");
    String northManager = server.createUser("manager", List.of(north)).token();
    assertThat(
            postTemplate(
                    northManager,
                    template("hours", item("hours", "meter_reading").put("meter_id", northMeter)))
                .status())
        .isEqualTo(201);
    assertProblem(
        postTemplate(
            northManager,
            template("hours", item("hours", "meter_reading").put("meter_id", southMeter))),
        422,
        "/problems/unprocessable",
        "/items/0/meter_id");
    String other = otherTenantAdmin();
    assertProblem(
        postTemplate(
            other, template("hours", item("hours", "meter_reading").put("meter_id", northMeter))),
        422,
        "/problems/unprocessable",
        "/items/0/meter_id");
    String deleted = counter();
    assertThat(http.delete(METERS + "/" + deleted).token(admin).send().status()).isEqualTo(204);
    assertProblem(
        postTemplate(
            admin, template("hours", item("hours", "meter_reading").put("meter_id", deleted))),
        422,
        "/problems/unprocessable",
        "/items/0/meter_id");
  }

  @Test
  void anotherTenantsTemplateIs404ToEveryOperation() {
    String id = templateId(item("a", "checkbox"));
    String other = otherTenantAdmin();
    assertProblem(http.get(TEMPLATES + "/" + id).token(other).send(), 404, "/problems/not-found");
    assertThat(
            http.get(TEMPLATES + "?limit=100").token(other).send().items().stream()
                .map(i -> ((JsonObject) i).getString("id")))
        .doesNotContain(id);
    assertProblem(
        http.patch(TEMPLATES + "/" + id)
            .token(other)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("name", "stolen"))
            .send(),
        404,
        "/problems/not-found");
    assertProblem(
        http.delete(TEMPLATES + "/" + id).token(other).send(), 404, "/problems/not-found");
    assertThat(http.get(TEMPLATES + "/" + id).token(admin).send().json().getString("name"))
        .isEqualTo("template");
  }

  @Test
  void aCreateIsIdempotentByKey() {
    JsonObject body = template("once", item("a", "checkbox"));
    Http.Response first =
        http.post(TEMPLATES).token(admin).header("Idempotency-Key", "tpl-once").json(body).send();
    Http.Response again =
        http.post(TEMPLATES).token(admin).header("Idempotency-Key", "tpl-once").json(body).send();
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
  }
}
