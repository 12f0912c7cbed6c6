package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Pages;
import dev.wrench.support.WorkOrders;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The row rules for requesters: what they see (only their own work orders) and what they create.
 */
class RowRulesRequesterTest extends AbstractRowRulesTest {

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
}
