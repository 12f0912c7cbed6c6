package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cost lines, the work order's sums against its entries and lines, the currency's minor unit, and
 * team assignment (a team's technicians act on its work orders as the assignee does).
 */
class LaborCostsAndTeamsApiTest extends LaborApiTestBase {

  private static JsonObject line(String category, String amount) {
    return new JsonObject().put("category", category).put("amount", amount);
  }

  private Http.Response addLine(String token, JsonObject wo, JsonObject body) {
    return http.post(costLines(wo)).token(token).json(body).send();
  }

  @Test
  void costLinesAddToOtherAndTheTotalsEqualTheSumsExactly() {
    WrenchServer.Technician ray = technician("33.33", null);
    JsonObject wo = workOrderFor(ray);
    Http.Response crane =
        addLine(manager, wo, line("contractor", "120.50").put("description", "Crane hire"));
    assertThat(crane.status()).as(crane.toString()).isEqualTo(201);
    assertThat(crane.json().getString("amount")).isEqualTo("120.50");
    assertThat(crane.json().getString("category")).isEqualTo("contractor");
    assertThat(addLine(admin, wo, line("travel", "0.1")).status()).isEqualTo(201);
    assertThat(addLine(admin, wo, line("material", "0.2")).status()).isEqualTo(201);
    logged(ray.user().token(), wo, manual(minutesAgo(200), 7)); // 3.8885 -> 3.89
    logged(ray.user().token(), wo, manual(minutesAgo(100), 13)); // 7.2215 -> 7.22
    JsonObject costs = costs(wo);
    assertThat(costs.getString("other")).isEqualTo("120.80");
    assertThat(costs.getString("labor")).isEqualTo("11.11");
    assertThat(costs.getString("parts")).isEqualTo("0.00");
    assertThat(costs.getString("total")).isEqualTo("131.91");

    BigDecimal lines = sum(http.get(costLines(wo)).token(admin).send(), "amount");
    BigDecimal labor = sum(http.get(entries(wo)).token(admin).send(), "cost");
    assertThat(new BigDecimal(costs.getString("other"))).isEqualByComparingTo(lines);
    assertThat(new BigDecimal(costs.getString("labor"))).isEqualByComparingTo(labor);

    // Deleting a line takes it off; a deleted line is gone.
    assertThat(
            http.delete(costLines(wo) + "/" + crane.json().getString("id"))
                .token(manager)
                .send()
                .status())
        .isEqualTo(204);
    assertThat(costs(wo).getString("other")).isEqualTo("0.30");
    assertProblem(
        http.delete(costLines(wo) + "/" + crane.json().getString("id")).token(manager).send(),
        404,
        "/problems/not-found");
    assertThat(http.get(costLines(wo)).token(ray.user().token()).send().items()).hasSize(2);
  }

  private static BigDecimal sum(Http.Response page, String field) {
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    return page.items().stream()
        .map(item -> new BigDecimal(((JsonObject) item).getString(field)))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void costLinesAreForManagersAndCheckedAgainstTheCurrency() {
    WrenchServer.Technician sam = technician("10", null);
    JsonObject wo = workOrderFor(sam);
    assertProblem(addLine(sam.user().token(), wo, line("travel", "5")), 403, "/problems/forbidden");
    String requester = server.createUser("requester").token();
    assertProblem(addLine(requester, wo, line("travel", "5")), 403, "/problems/forbidden");
    assertProblem(http.get(costLines(wo)).token(requester).send(), 403, "/problems/forbidden");
    assertProblem(addLine(manager, wo, line("travel", "5.001")), 422, "/problems/unprocessable");
    assertProblem(addLine(manager, wo, line("lunch", "5")), 400, "/problems/validation");
    assertProblem(addLine(manager, wo, line("travel", "-5")), 400, "/problems/validation");
    assertProblem(addLine(manager, wo, line("travel", "5e3")), 400, "/problems/validation");
    String other = otherTenantAdmin();
    assertProblem(addLine(other, wo, line("travel", "5")), 404, "/problems/not-found");
    assertProblem(http.get(costLines(wo)).token(other).send(), 404, "/problems/not-found");
    Http.Response kept = addLine(manager, wo, line("travel", "5"));
    assertProblem(
        http.delete(costLines(wo) + "/" + kept.json().getString("id")).token(other).send(),
        404,
        "/problems/not-found");
    assertProblem(
        http.delete(costLines(wo) + "/" + kept.json().getString("id"))
            .token(sam.user().token())
            .send(),
        403,
        "/problems/forbidden");
    assertThat(costs(wo).getString("other")).isEqualTo("5.00");
  }

  @Test
  void aTechniciansHourlyRateIsADecimalStringSetByAdminsAndManagers() {
    WrenchServer.Technician ida = technician("45.5", null);
    Http.Response read = http.get("/api/v1/technicians/" + ida.technicianId()).token(admin).send();
    assertThat(read.json().getString("hourly_rate")).isEqualTo("45.5");
    for (String bad : List.of("-1", "abc", "1.23456", "1e3")) {
      assertProblem(
          http.patch("/api/v1/technicians/" + ida.technicianId())
              .token(manager)
              .header("If-Match", "\"1\"")
              .json(new JsonObject().put("hourly_rate", bad))
              .send(),
          400,
          "/problems/validation");
    }
    assertProblem(
        http.patch("/api/v1/technicians/" + ida.technicianId())
            .token(ida.user().token())
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("hourly_rate", "99"))
            .send(),
        403,
        "/problems/forbidden");
    Http.Response unset =
        http.post("/api/v1/technicians")
            .token(manager)
            .json(new JsonObject().put("name", "no rate"))
            .send();
    assertThat(unset.json().getString("hourly_rate")).isEqualTo("0");
  }

  @Test
  void aTeamsTechniciansActOnItsWorkOrdersAsTheAssigneeDoes() {
    String teamId = team(admin);
    WrenchServer.Technician member = technician("20", teamId);
    WrenchServer.Technician outsider = technician("20", null);
    JsonObject body = new JsonObject().put("title", "team job").put("team_id", teamId);
    JsonObject wo = WorkOrders.create(http, manager, body);
    assertThat(wo.getString("team_id")).isEqualTo(teamId);
    String path = WorkOrders.PATH + "/" + wo.getString("id");

    Http.Response started =
        http.patch(path)
            .token(member.user().token())
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("status", "in_progress"))
            .send();
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    assertThat(
            http.post(path + "/comments")
                .token(member.user().token())
                .json(new JsonObject().put("body", "on it"))
                .send()
                .status())
        .isEqualTo(201);
    assertThat(log(member.user().token(), wo, manual(minutesAgo(60), 30)).status()).isEqualTo(201);
    dev.wrench.support.Uploads uploads = new dev.wrench.support.Uploads(http);
    byte[] note = "belt worn".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(
            uploads
                .upload(path + "/attachments", member.user().token(), "n.txt", "text/plain", note)
                .status())
        .isEqualTo(201);
    assertProblem(
        uploads.upload(path + "/attachments", outsider.user().token(), "n.txt", "text/plain", note),
        403,
        "/problems/forbidden");

    assertProblem(
        http.patch(path)
            .token(outsider.user().token())
            .header("If-Match", "\"" + read(wo).getInteger("version") + "\"")
            .json(new JsonObject().put("status", "on_hold"))
            .send(),
        403,
        "/problems/forbidden");
    assertProblem(
        http.post(path + "/comments")
            .token(outsider.user().token())
            .json(new JsonObject().put("body", "me too"))
            .send(),
        403,
        "/problems/forbidden");
    assertProblem(
        log(outsider.user().token(), wo, manual(minutesAgo(60), 30)), 403, "/problems/forbidden");
    // A member may not move the work order to another team.
    assertProblem(
        http.patch(path)
            .token(member.user().token())
            .header("If-Match", "\"" + read(wo).getInteger("version") + "\"")
            .json(new JsonObject().putNull("team_id"))
            .send(),
        403,
        "/problems/forbidden");

    Http.Response listed =
        http.get(WorkOrders.PATH + "?team_id=" + teamId).token(member.user().token()).send();
    assertThat(listed.items().stream().map(i -> ((JsonObject) i).getString("id")))
        .containsExactly(wo.getString("id"));

    // A manager moves it away: the member is no longer assigned.
    String otherTeam = team(admin);
    Http.Response moved =
        http.patch(path)
            .token(manager)
            .header("If-Match", "\"" + read(wo).getInteger("version") + "\"")
            .json(new JsonObject().put("team_id", otherTeam))
            .send();
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.json().getString("team_id")).isEqualTo(otherTeam);
    assertProblem(
        log(member.user().token(), wo, manual(minutesAgo(60), 30)), 403, "/problems/forbidden");
    assertThat(http.get(WorkOrders.PATH + "?team_id=" + teamId).token(admin).send().items())
        .isEmpty();
  }

  @Test
  void aTeamMustBeOneOfTheOrganizationAndOnlyManagersAssignIt() {
    String foreignTeam = team(otherTenantAdmin());
    assertProblem(
        http.post(WorkOrders.PATH)
            .token(manager)
            .json(new JsonObject().put("title", "x").put("team_id", foreignTeam))
            .send(),
        422,
        "/problems/unprocessable");
    String teamId = team(admin);
    for (String role : List.of("technician", "requester")) {
      assertProblem(
          http.post(WorkOrders.PATH)
              .token(server.createUser(role).token())
              .json(new JsonObject().put("title", "x").put("team_id", teamId))
              .send(),
          403,
          "/problems/forbidden");
    }
    JsonObject wo = workOrderFor(null);
    assertProblem(
        http.patch(WorkOrders.PATH + "/" + wo.getString("id"))
            .token(manager)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("team_id", foreignTeam))
            .send(),
        422,
        "/problems/unprocessable");
    assertThat(read(wo).getValue("team_id")).isNull();
  }

  @Test
  void costsAreInTheOrganizationsCurrencyWithItsMinorDigits() {
    String yenAdmin = otherTenantAdmin();
    Http.Response settings =
        http.patch("/api/v1/organization/settings")
            .token(yenAdmin)
            .header("If-Match", "\"0\"") // no settings row yet: version 0
            .json(new JsonObject().put("currency", "JPY"))
            .send();
    assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
    JsonObject wo = WorkOrders.create(http, yenAdmin, new JsonObject().put("title", "yen"));
    assertThat(wo.getJsonObject("costs"))
        .isEqualTo(
            new JsonObject()
                .put("labor", "0")
                .put("parts", "0")
                .put("other", "0")
                .put("total", "0")
                .put("currency", "JPY"));
    Http.Response tech =
        http.post("/api/v1/technicians")
            .token(yenAdmin)
            .json(new JsonObject().put("name", "Kenji").put("hourly_rate", "3333"))
            .send();
    Http.Response entry =
        log(
            yenAdmin,
            wo,
            manual(minutesAgo(60), 45).put("technician_id", tech.json().getString("id")));
    assertThat(entry.status()).as(entry.toString()).isEqualTo(201);
    assertThat(entry.json().getString("cost")).isEqualTo("2500");
    assertProblem(addLine(yenAdmin, wo, line("travel", "0.5")), 422, "/problems/unprocessable");
    assertThat(addLine(yenAdmin, wo, line("travel", "1200")).status()).isEqualTo(201);
    Http.Response read =
        http.get(WorkOrders.PATH + "/" + wo.getString("id")).token(yenAdmin).send();
    assertThat(read.json().getJsonObject("costs").getString("total")).isEqualTo("3700");
  }
}
