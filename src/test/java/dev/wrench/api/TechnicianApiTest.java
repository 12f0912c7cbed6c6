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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
class TechnicianApiTest {

  private static final String TECHNICIANS = "/api/v1/technicians";

  private WrenchServer server;
  private Http http;
  private String admin;
  private Collection technicians;

  /** Technicians sharing a skill of their own, for the sort and pagination tests. */
  private String sortSkill;

  private List<JsonObject> sortSet;

  @BeforeAll
  void start() {
    server = WrenchServer.start();
    http = server.http();
    admin = server.adminToken();
    technicians = new Collection(http, TECHNICIANS, admin);
    sortSkill = skill();
    List<String> names =
        List.of("tech-c", "tech-a", "tech-b", "tech-a", "tech-e", "tech-d", "tech-b", "tech-a");
    List<JsonObject> created = new ArrayList<>();
    for (String name : names) {
      created.add(
          technicians.create(
              new JsonObject().put("name", name).put("skills", new JsonArray().add(sortSkill))));
    }
    List<JsonObject> set = new ArrayList<>(created);
    for (int i : new int[] {6, 1, 4}) {
      set.set(
          i,
          technicians
              .patch(created.get(i), new JsonObject().put("email", "touched" + i + "@wrench.test"))
              .json());
    }
    sortSet = List.copyOf(set);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String skill() {
    return "skill-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private JsonObject create(String name, String... skills) {
    return technicians.create(
        new JsonObject()
            .put("name", name)
            .put("skills", new JsonArray(List.of((Object[]) skills))));
  }

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

  // --- filters ---

  @Test
  void listFiltersByActive() {
    String skill = skill();
    JsonObject active = create("active one", skill);
    JsonObject inactive =
        technicians.create(
            new JsonObject()
                .put("name", "inactive one")
                .put("skills", new JsonArray().add(skill))
                .put("active", false));
    assertThat(inactive.getBoolean("active")).isFalse();
    assertThat(technicians.listIds("skill=" + skill + "&active=true")).containsExactly(id(active));
    assertThat(technicians.listIds("skill=" + skill + "&active=false"))
        .containsExactly(id(inactive));
    assertThat(technicians.listIds("skill=" + skill)).containsExactly(id(active), id(inactive));
    assertProblem(technicians.list("active=maybe"), 400, "/problems/validation");
  }

  @Test
  void listFiltersBySkill() {
    String hvac = skill();
    String plumbing = skill();
    JsonObject both = create("both", hvac, plumbing);
    JsonObject onlyHvac = create("only hvac", hvac);
    JsonObject onlyPlumbing = create("only plumbing", plumbing);
    assertThat(technicians.listIds("skill=" + hvac)).containsExactly(id(both), id(onlyHvac));
    assertThat(technicians.listIds("skill=" + plumbing))
        .containsExactly(id(both), id(onlyPlumbing));
    assertThat(technicians.listIds("skill=" + skill())).isEmpty();
  }

  @Test
  void listFiltersByUserId() {
    WrenchServer.User user = server.createUser("technician");
    JsonObject linked =
        technicians.create(new JsonObject().put("name", "linked").put("user_id", user.id()));
    create("unlinked");
    assertThat(technicians.listIds("user_id=" + user.id())).containsExactly(id(linked));
    assertThat(technicians.listIds("user_id=" + UUID.randomUUID())).isEmpty();
    assertProblem(technicians.list("user_id=not-a-uuid"), 400, "/problems/validation");
  }

  // --- sorts and pagination ---

  @ParameterizedTest(name = "sort={0}")
  @ValueSource(
      strings = {"name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"})
  void eachSortOrdersTheListWithTheIdBreakingTies(String sort) {
    Http.Response response = technicians.list("skill=" + sortSkill + "&limit=100&sort=" + sort);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    List<JsonObject> items = response.items().stream().map(JsonObject.class::cast).toList();
    assertThat(Pages.ids(items)).containsExactlyInAnyOrderElementsOf(Pages.ids(sortSet));
    assertThat(items).isSortedAccordingTo(Pages.order(sort));
  }

  @ParameterizedTest(name = "sort={0}")
  @ValueSource(
      strings = {"name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"})
  void cursorPagesOfEachSortCoverEveryTechnicianOnceInOrder(String sort) {
    List<JsonObject> all =
        Pages.collect(http, admin, TECHNICIANS + "?skill=" + sortSkill + "&sort=" + sort, 3);
    assertThat(Pages.ids(all))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(Pages.ids(sortSet));
    assertThat(all).isSortedAccordingTo(Pages.order(sort));
  }

  @Test
  void theDefaultSortIsByNameAndTheWholeListPagesWithoutGaps() {
    List<JsonObject> bySkill = Pages.collect(http, admin, TECHNICIANS + "?skill=" + sortSkill, 1);
    assertThat(bySkill).hasSize(sortSet.size()).isSortedAccordingTo(Pages.order("name"));

    List<JsonObject> everything = Pages.collect(http, admin, TECHNICIANS, 100);
    List<JsonObject> paged = Pages.collect(http, admin, TECHNICIANS, 2);
    assertThat(Pages.ids(paged))
        .doesNotHaveDuplicates()
        .containsExactlyElementsOf(Pages.ids(everything));
  }

  @Test
  void aBadCursorIs400() {
    String id = UUID.randomUUID().toString();
    List<List<String>> cases =
        List.of(
            List.of("name", "garbage"),
            List.of("name", "!!!"),
            List.of("name", cursorOf("name", "tech-a")),
            List.of("name", cursorOf("name", "tech-a", "not-a-uuid")),
            List.of("updated_at", cursorOf("updated_at", "soon", id)));
    for (List<String> c : cases) {
      Http.Response response =
          technicians.list("sort=" + c.get(0) + "&cursor=" + Pages.encode(c.get(1)));
      assertProblem(response, 400, "/problems/validation");
      assertThat(pointers(response)).as(c.toString()).contains("/query/cursor");
    }
  }

  @Test
  void aCursorMadeForAnotherSortIs400() {
    String byName =
        technicians.list("skill=" + sortSkill + "&limit=2").json().getString("next_cursor");
    assertThat(byName).isNotNull();
    Http.Response other =
        technicians.list("skill=" + sortSkill + "&limit=2&sort=updated_at&cursor=" + byName);
    assertProblem(other, 400, "/problems/validation");
    assertThat(pointers(other)).contains("/query/cursor");
    assertProblem(
        technicians.list("skill=" + sortSkill + "&limit=2&sort=-name&cursor=" + byName),
        400,
        "/problems/validation");
  }

  @Test
  void anUnknownQueryParameterOrSortIs400() {
    Http.Response unknown = technicians.list("skills=hvac");
    assertProblem(unknown, 400, "/problems/validation");
    assertThat(pointers(unknown)).containsExactly("/query/skills");
    for (String sort : List.of("email", "-active", "skills", "id")) {
      assertProblem(technicians.list("sort=" + sort), 400, "/problems/validation");
    }
  }

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
