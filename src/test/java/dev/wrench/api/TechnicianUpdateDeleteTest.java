package dev.wrench.api;

import static dev.wrench.support.Collection.id;
import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Technicians patched (conditional on If-Match) and soft-deleted. */
class TechnicianUpdateDeleteTest extends TechnicianApiTestBase {

  // --- patch ---

  @Test
  void patchWithIfMatchChangesTheFieldsAndBumpsTheVersion() {
    JsonObject technician =
        technicians.create(
            new JsonObject()
                .put("name", "patchable")
                .put("email", "p@wrench.test")
                .put("skills", new JsonArray().add("hvac")));
    Http.Response response =
        technicians.patch(
            technician,
            new JsonObject()
                .put("active", false)
                .put("skills", new JsonArray().add("hvac").add("welding"))
                .putNull("email"));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("ETag")).isEqualTo("\"2\"");
    JsonObject patched = response.json();
    assertThat(patched.getInteger("version")).isEqualTo(2);
    assertThat(patched.getBoolean("active")).isFalse();
    assertThat(patched.getJsonArray("skills")).containsExactly("hvac", "welding");
    assertThat(patched.getValue("email")).isNull();
    assertThat(patched.getString("name")).isEqualTo("patchable");
    assertThat(Instant.parse(patched.getString("updated_at")))
        .isAfterOrEqualTo(Instant.parse(technician.getString("updated_at")));
    assertThat(http.get(TECHNICIANS + "/" + id(technician)).token(admin).send().json())
        .isEqualTo(patched);
  }

  @Test
  void patchWithoutIfMatchIs428() {
    JsonObject technician = create("no if-match");
    Http.Response response =
        http.patch(TECHNICIANS + "/" + id(technician))
            .token(admin)
            .mergePatch(new JsonObject().put("name", "changed"))
            .send();
    assertProblem(response, 428, "/problems/precondition-required");
    assertThat(http.get(TECHNICIANS + "/" + id(technician)).token(admin).send().json())
        .isEqualTo(technician);
  }

  @Test
  void patchWithAStaleIfMatchIs412() {
    JsonObject technician = create("stale");
    JsonObject current =
        technicians.patch(technician, new JsonObject().put("name", "fresh")).json();
    assertProblem(
        technicians.patch(technician, new JsonObject().put("name", "lost update")),
        412,
        "/problems/precondition-failed");
    assertThat(http.get(TECHNICIANS + "/" + id(technician)).token(admin).send().json())
        .isEqualTo(current);
  }

  @Test
  void patchRejectsUnknownFields() {
    JsonObject technician = create("strict");
    Http.Response response = technicians.patch(technician, new JsonObject().put("hourly_rate", 50));
    assertProblem(response, 400, "/problems/validation");
    assertThat(pointers(response)).contains("/hourly_rate");
    assertProblem(technicians.patch(technician, new JsonObject()), 400, "/problems/validation");
  }

  // --- delete ---

  @Test
  void softDeleteIs204ThenTheTechnicianIs404AndHiddenFromLists() {
    String skill = skill();
    JsonObject technician = create("doomed", skill);
    JsonObject survivor = create("survivor", skill);
    assertThat(http.delete(TECHNICIANS + "/" + id(technician)).token(admin).send().status())
        .isEqualTo(204);
    assertProblem(
        http.get(TECHNICIANS + "/" + id(technician)).token(admin).send(),
        404,
        "/problems/not-found");
    assertProblem(
        http.delete(TECHNICIANS + "/" + id(technician)).token(admin).send(),
        404,
        "/problems/not-found");
    assertProblem(
        technicians.patch(technician, new JsonObject().put("name", "zombie")),
        404,
        "/problems/not-found");
    assertThat(technicians.listIds("skill=" + skill)).containsExactly(id(survivor));
  }

  @Test
  void deleteHonoursIfMatch() {
    JsonObject technician = create("conditional delete");
    assertProblem(technicians.delete(technician, "\"4\""), 412, "/problems/precondition-failed");
    assertThat(technicians.delete(technician, "\"1\"").status()).isEqualTo(204);
  }
}
