package dev.wrench.api;

import static dev.wrench.support.Collection.id;
import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.cursorOf;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Pages;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The technician list: filters, sorts and cursor pagination. */
class TechnicianListTest extends TechnicianApiTestBase {

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
}
