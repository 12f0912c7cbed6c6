package dev.wrench.api;

import static dev.wrench.support.Collection.id;
import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Technicians created and read: defaults, conditional gets, user references and their uniqueness,
 * body validation and idempotency.
 */
class TechnicianCreateReadTest extends TechnicianApiTestBase {

  // --- create and read ---

  @Test
  void createReturns201WithLocationEtagAndTheResource() {
    WrenchServer.User user = server.createUser("technician");
    Http.Response response =
        technicians.post(
            new JsonObject()
                .put("name", "Ana Ruiz")
                .put("email", "ana@example.com")
                .put("skills", new JsonArray().add("hvac").add("electrical"))
                .put("user_id", user.id()));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    JsonObject technician = response.json();
    assertThat(response.header("Location")).isEqualTo(TECHNICIANS + "/" + id(technician));
    assertThat(response.header("ETag")).isEqualTo("\"1\"");
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(technician.getString("name")).isEqualTo("Ana Ruiz");
    assertThat(technician.getString("email")).isEqualTo("ana@example.com");
    assertThat(technician.getJsonArray("skills")).containsExactly("hvac", "electrical");
    assertThat(technician.getString("user_id")).isEqualTo(user.id());
    assertThat(technician.getBoolean("active")).isTrue();
    assertThat(technician.getInteger("version")).isEqualTo(1);
    assertThat(technician.fieldNames())
        .containsExactlyInAnyOrder(
            "id",
            "name",
            "email",
            "skills",
            "user_id",
            "site_id",
            "team_id",
            "active",
            "hourly_rate",
            "created_at",
            "updated_at",
            "version");

    Http.Response fetched = http.get(response.header("Location")).token(admin).send();
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
    assertThat(fetched.json()).isEqualTo(technician);
  }

  @Test
  void createWithOnlyANameIsActiveWithoutSkillsOrUser() {
    JsonObject technician = technicians.create(new JsonObject().put("name", "bare"));
    assertThat(technician.getBoolean("active")).isTrue();
    assertThat(technician.getJsonArray("skills")).isEmpty();
    assertThat(technician.getValue("user_id")).isNull();
    assertThat(technician.getValue("email")).isNull();
  }

  @Test
  void getHonoursIfNoneMatch() {
    JsonObject technician = create("conditional");
    String path = TECHNICIANS + "/" + id(technician);
    Http.Response notModified = http.get(path).token(admin).header("If-None-Match", "\"1\"").send();
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("ETag")).isEqualTo("\"1\"");
    assertThat(http.get(path).token(admin).header("If-None-Match", "\"3\"").send().status())
        .isEqualTo(200);
  }

  @Test
  void unknownTechnicianIs404AndAMalformedIdIs400() {
    assertProblem(
        http.get(TECHNICIANS + "/" + UUID.randomUUID()).token(admin).send(),
        404,
        "/problems/not-found");
    assertProblem(http.get(TECHNICIANS + "/nope").token(admin).send(), 400, "/problems/validation");
  }

  // --- references and uniqueness ---

  @Test
  void aUserIdOfAnUnknownUserIs422WithPointer() {
    Http.Response response =
        technicians.post(
            new JsonObject()
                .put("name", "ghost user")
                .put("user_id", UUID.randomUUID().toString()));
    assertProblem(response, 422, "/problems/unprocessable");
    assertThat(pointers(response)).containsExactly("/user_id");

    JsonObject technician = create("will get a ghost user");
    Http.Response patched =
        technicians.patch(
            technician, new JsonObject().put("user_id", UUID.randomUUID().toString()));
    assertProblem(patched, 422, "/problems/unprocessable");
    assertThat(pointers(patched)).containsExactly("/user_id");
  }

  @Test
  void twoTechniciansForTheSameUserIs409Conflict() {
    WrenchServer.User user = server.createUser("technician");
    JsonObject first =
        technicians.create(new JsonObject().put("name", "first").put("user_id", user.id()));
    Http.Response second =
        technicians.post(new JsonObject().put("name", "second").put("user_id", user.id()));
    assertProblem(second, 409, "/problems/conflict");
    assertThat(technicians.listIds("user_id=" + user.id())).containsExactly(id(first));

    JsonObject other = create("other");
    assertProblem(
        technicians.patch(other, new JsonObject().put("user_id", user.id())),
        409,
        "/problems/conflict");
  }

  @Test
  void aDeletedTechnicianFreesItsUserForANewRecord() {
    WrenchServer.User user = server.createUser("technician");
    JsonObject first =
        technicians.create(new JsonObject().put("name", "leaving").put("user_id", user.id()));
    assertThat(http.delete(TECHNICIANS + "/" + id(first)).token(admin).send().status())
        .isEqualTo(204);
    JsonObject second =
        technicians.create(new JsonObject().put("name", "returning").put("user_id", user.id()));
    assertThat(technicians.listIds("user_id=" + user.id())).containsExactly(id(second));
  }

  // --- body validation ---

  @Test
  void anInvalidOrExtraBodyFieldIs400WithPointersAndCreatesNothing() {
    String skill = skill();
    Http.Response extra =
        technicians.post(
            new JsonObject()
                .put("name", "extra")
                .put("skills", new JsonArray().add(skill))
                .put("hourly_rate", 50));
    assertProblem(extra, 400, "/problems/validation");
    assertThat(pointers(extra)).contains("/hourly_rate");

    Http.Response invalid =
        technicians.post(
            new JsonObject()
                .put("name", " ")
                .put("email", "not an e-mail")
                .put("active", "yes")
                .put("skills", new JsonArray().add(skill).add(skill)));
    assertProblem(invalid, 400, "/problems/validation");
    assertThat(pointers(invalid)).contains("/name", "/email", "/active", "/skills");
    assertThat(technicians.listIds("skill=" + skill)).isEmpty();
  }

  // --- idempotency ---

  @Test
  void idempotentCreateReplaysTheFirstResponseAndCreatesNothingMore() {
    String skill = skill();
    String key = UUID.randomUUID().toString();
    JsonObject body =
        new JsonObject().put("name", "idempotent").put("skills", new JsonArray().add(skill));
    Http.Response first = technicians.post(body, key);
    Http.Response replay = technicians.post(body.copy(), key);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
    assertThat(replay.json()).isEqualTo(first.json());
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

    Http.Response other =
        technicians.post(
            new JsonObject()
                .put("name", "idempotent")
                .put("skills", new JsonArray().add(skill).add("extra")),
            key);
    assertProblem(other, 422, "/problems/idempotency-key-reused");
    assertThat(technicians.listIds("skill=" + skill)).containsExactly(id(first.json()));
  }
}
