package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import dev.wrench.support.WrenchServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Time entries through HTTP: timers and manual entries, the rate snapshot, the cost on the work
 * order (its version and the cached copy), one running timer per technician, and who may.
 */
class LaborTimeEntryApiTest extends LaborApiTestBase {

  @Test
  void aManualEntryCostsMinutesTimesRateAndJoinsTheWorkOrdersLaborCost() {
    WrenchServer.Technician tina = technician("45.50", null);
    JsonObject wo = workOrderFor(tina);
    assertThat(wo.getJsonObject("costs"))
        .isEqualTo(
            new JsonObject()
                .put("labor", "0.00")
                .put("parts", "0.00")
                .put("other", "0.00")
                .put("total", "0.00")
                .put("currency", "USD"));
    JsonObject before = read(wo); // now cached
    JsonObject entry = logged(tina.user().token(), wo, manual(minutesAgo(120), 90));
    assertThat(entry.getString("technician_id")).isEqualTo(tina.technicianId());
    assertThat(entry.getInteger("minutes")).isEqualTo(90);
    assertThat(entry.getString("hourly_rate")).isEqualTo("45.50");
    assertThat(entry.getString("cost")).isEqualTo("68.25");
    assertThat(entry.getString("ended_at")).isNotNull();
    assertThat(entry.getInteger("work_order_version")).isEqualTo(before.getInteger("version") + 1);

    // The cached work order was invalidated: its costs, version and ETag are the new ones.
    Http.Response after = http.get(WorkOrders.PATH + "/" + wo.getString("id")).token(admin).send();
    assertThat(after.json().getJsonObject("costs").getString("labor")).isEqualTo("68.25");
    assertThat(after.json().getJsonObject("costs").getString("total")).isEqualTo("68.25");
    assertThat(after.header("ETag"))
        .isEqualTo("\"" + entry.getInteger("work_order_version") + "\"");
    // A PATCH with the version read before the entry is stale.
    assertProblem(
        http.patch(WorkOrders.PATH + "/" + wo.getString("id"))
            .token(admin)
            .header("If-Match", "\"" + before.getInteger("version") + "\"")
            .json(new JsonObject().put("title", "x"))
            .send(),
        412,
        "/problems/precondition-failed");

    Http.Response list = http.get(entries(wo)).token(tina.user().token()).send();
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.items()).hasSize(1);
    assertThat(list.items().getJsonObject(0).getString("id")).isEqualTo(entry.getString("id"));
  }

  @Test
  void aTimerRunsWithoutCostUntilStoppedAndKeepsTheRateItStartedWith() {
    WrenchServer.Technician tom = technician("30", null);
    JsonObject wo = workOrderFor(tom);
    int version = read(wo).getInteger("version");
    JsonObject timer =
        logged(
            tom.user().token(),
            wo,
            new JsonObject().put("started_at", iso(minutesAgo(90))).put("note", "on it"));
    assertThat(timer.getValue("ended_at")).isNull();
    assertThat(timer.getValue("minutes")).isNull();
    assertThat(timer.getValue("cost")).isNull();
    assertThat(timer.containsKey("work_order_version")).isFalse();
    // A running timer costs nothing yet: the work order is unchanged.
    assertThat(read(wo).getInteger("version")).isEqualTo(version);

    // The rate changes while the timer runs: the entry keeps its own.
    Http.Response rated =
        http.patch("/api/v1/technicians/" + tom.technicianId())
            .token(manager)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("hourly_rate", "60"))
            .send();
    assertThat(rated.status()).as(rated.toString()).isEqualTo(200);
    assertThat(rated.json().getString("hourly_rate")).isEqualTo("60");

    Http.Response stopped = stop(tom.user().token(), wo, timer.getString("id"));
    assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
    assertThat(stopped.json().getInteger("minutes")).isEqualTo(90);
    assertThat(stopped.json().getString("hourly_rate")).isEqualTo("30");
    assertThat(stopped.json().getString("cost")).isEqualTo("45.00");
    assertThat(costs(wo).getString("labor")).isEqualTo("45.00");
    assertProblem(stop(tom.user().token(), wo, timer.getString("id")), 409, "/problems/conflict");

    // A new entry takes the new rate.
    assertThat(logged(tom.user().token(), wo, manual(minutesAgo(300), 15)).getString("cost"))
        .isEqualTo("15.00");
    assertThat(costs(wo).getString("labor")).isEqualTo("60.00");

    // Deleting an ended entry takes its cost off the work order.
    assertThat(
            http.delete(entries(wo) + "/" + timer.getString("id"))
                .token(tom.user().token())
                .send()
                .status())
        .isEqualTo(204);
    assertThat(costs(wo).getString("labor")).isEqualTo("15.00");
    assertThat(http.get(entries(wo)).token(admin).send().items()).hasSize(1);
  }

  @Test
  void aSecondTimerOfATechnicianIs409NamingTheRunningOneOnAnyWorkOrder() {
    WrenchServer.Technician tess = technician("20", null);
    JsonObject first = workOrderFor(tess);
    JsonObject second = workOrderFor(tess);
    JsonObject running = logged(tess.user().token(), first, new JsonObject());
    Http.Response refused = log(tess.user().token(), second, new JsonObject());
    assertProblem(refused, 409, "/problems/timer-running");
    assertThat(refused.json().getString("running_entry_id")).isEqualTo(running.getString("id"));
    assertThat(refused.json().getString("work_order_id")).isEqualTo(first.getString("id"));
    // A manager starting one for her is refused too; a manual entry is not a timer.
    assertProblem(
        log(manager, second, new JsonObject().put("technician_id", tess.technicianId())),
        409,
        "/problems/timer-running");
    assertThat(log(tess.user().token(), second, manual(minutesAgo(60), 10)).status())
        .isEqualTo(201);
    assertThat(stop(tess.user().token(), first, running.getString("id")).status()).isEqualTo(200);
    assertThat(log(tess.user().token(), second, new JsonObject()).status()).isEqualTo(201);
  }

  @Test
  void thirtyTwoParallelStartsLeaveExactlyOneRunningTimer() {
    WrenchServer.Technician racer = technician("12.34", null);
    List<JsonObject> workOrders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workOrders.add(workOrderFor(racer));
    }
    List<Future<Http.Response>> starts = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      starts.add(
          http.post(entries(workOrders.get(i % 4)))
              .token(racer.user().token())
              .json(new JsonObject())
              .sendAsync());
    }
    List<Http.Response> responses = starts.stream().map(Http::await).toList();
    assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
    assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(31);
    responses.stream()
        .filter(r -> r.status() == 409)
        .forEach(r -> assertProblem(r, 409, "/problems/timer-running"));
    long running =
        workOrders.stream()
            .flatMap(wo -> http.get(entries(wo)).token(admin).send().items().stream())
            .map(JsonObject.class::cast)
            .filter(entry -> entry.getValue("ended_at") == null)
            .count();
    assertThat(running).isEqualTo(1);
  }

  @Test
  void techniciansLogOnlyTheirOwnTimeOnTheirWorkOrdersAndManagersAnyones() {
    WrenchServer.Technician ann = technician("40", null);
    WrenchServer.Technician bob = technician("50", null);
    JsonObject annsJob = workOrderFor(ann);
    JsonObject unassigned = workOrderFor(null);
    assertProblem(
        log(bob.user().token(), annsJob, manual(minutesAgo(60), 10)), 403, "/problems/forbidden");
    assertProblem(
        log(bob.user().token(), unassigned, manual(minutesAgo(60), 10)),
        403,
        "/problems/forbidden");
    assertProblem(
        log(
            ann.user().token(),
            annsJob,
            manual(minutesAgo(60), 10).put("technician_id", bob.technicianId())),
        403,
        "/problems/forbidden");
    JsonObject annsEntry = logged(ann.user().token(), annsJob, manual(minutesAgo(60), 30));
    assertProblem(
        http.delete(entries(annsJob) + "/" + annsEntry.getString("id"))
            .token(bob.user().token())
            .send(),
        403,
        "/problems/forbidden");
    // A manager logs anyone's time anywhere; one without a technician record must name one.
    assertThat(
            logged(
                    manager,
                    unassigned,
                    manual(minutesAgo(60), 60).put("technician_id", bob.technicianId()))
                .getString("cost"))
        .isEqualTo("50.00");
    assertProblem(
        log(manager, unassigned, manual(minutesAgo(60), 5)), 422, "/problems/unprocessable");
    assertThat(costs(annsJob).getString("labor")).isEqualTo("20.00");
    assertThat(costs(unassigned).getString("labor")).isEqualTo("50.00");

    // Requesters have no part in labor.
    String requester = server.createUser("requester").token();
    assertProblem(http.get(entries(annsJob)).token(requester).send(), 403, "/problems/forbidden");
    assertProblem(log(requester, annsJob, manual(minutesAgo(60), 5)), 403, "/problems/forbidden");
    assertProblem(stop(requester, annsJob, annsEntry.getString("id")), 403, "/problems/forbidden");
    assertProblem(
        http.delete(entries(annsJob) + "/" + annsEntry.getString("id")).token(requester).send(),
        403,
        "/problems/forbidden");
  }

  @Test
  void badTimesAreRefusedWith400AndChangeNothing() {
    WrenchServer.Technician kim = technician("10", null);
    JsonObject wo = workOrderFor(kim);
    String token = kim.user().token();
    assertProblem(
        log(token, wo, new JsonObject().put("started_at", iso(minutesAgo(-10)))),
        400,
        "/problems/validation");
    assertProblem(log(token, wo, new JsonObject().put("minutes", 5)), 400, "/problems/validation");
    assertProblem(
        log(token, wo, manual(minutesAgo(60), 10).put("ended_at", iso(minutesAgo(1)))),
        400,
        "/problems/validation");
    assertProblem(log(token, wo, manual(minutesAgo(5), 10)), 400, "/problems/validation");
    assertProblem(log(token, wo, manual(minutesAgo(60), 0)), 400, "/problems/validation");
    assertProblem(
        log(token, wo, new JsonObject().put("hourly_rate", "1")), 400, "/problems/validation");
    assertThat(http.get(entries(wo)).token(admin).send().items()).isEmpty();
    assertThat(read(wo).getInteger("version")).isEqualTo(wo.getInteger("version"));
  }

  @Test
  void aSiteScopedTechnicianLogsOnlyOnItsSitesWorkOrders() {
    String north = site("N");
    String south = site("S");
    WrenchServer.User user = server.createUser("technician", List.of(north));
    Http.Response record =
        http.post("/api/v1/technicians")
            .token(admin)
            .json(
                new JsonObject()
                    .put("name", "Scoped")
                    .put("user_id", user.id())
                    .put("hourly_rate", "6"))
            .send();
    String technicianId = record.json().getString("id");
    JsonObject northJob = jobAt(north, technicianId);
    JsonObject southJob = jobAt(south, technicianId);
    assertProblem(
        log(user.token(), southJob, manual(minutesAgo(60), 10)), 404, "/problems/not-found");
    assertProblem(
        http.get(entries(southJob)).token(user.token()).send(), 404, "/problems/not-found");
    assertThat(logged(user.token(), northJob, manual(minutesAgo(60), 10)).getString("cost"))
        .isEqualTo("1.00");
    assertThat(costs(southJob).getString("labor")).isEqualTo("0.00");
  }

  private String site(String name) {
    return http.post("/api/v1/sites")
        .token(admin)
        .json(new JsonObject().put("name", name))
        .send()
        .json()
        .getString("id");
  }

  private JsonObject jobAt(String siteId, String technicianId) {
    String asset =
        http.post("/api/v1/assets")
            .token(admin)
            .json(new JsonObject().put("name", "pump").put("site_id", siteId))
            .send()
            .json()
            .getString("id");
    return WorkOrders.create(
        http,
        admin,
        new JsonObject()
            .put("title", "site job")
            .put("asset_id", asset)
            .put("assignee_id", technicianId));
  }

  @Test
  void anotherTenantsWorkOrderAndEntriesAre404() {
    WrenchServer.Technician lee = technician("10", null);
    JsonObject wo = workOrderFor(lee);
    JsonObject entry = logged(lee.user().token(), wo, manual(minutesAgo(60), 10));
    String other = otherTenantAdmin();
    assertProblem(http.get(entries(wo)).token(other).send(), 404, "/problems/not-found");
    assertProblem(log(other, wo, manual(minutesAgo(60), 10)), 404, "/problems/not-found");
    assertProblem(stop(other, wo, entry.getString("id")), 404, "/problems/not-found");
    assertProblem(
        http.delete(entries(wo) + "/" + entry.getString("id")).token(other).send(),
        404,
        "/problems/not-found");
    assertThat(costs(wo).getString("labor")).isEqualTo("1.67");
  }
}
