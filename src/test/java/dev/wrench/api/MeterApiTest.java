package dev.wrench.api;

import static dev.wrench.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Meters as a resource: who may manage and read them, tenants (404) and sites (through the meter's
 * asset), and the checks of a create and a change.
 */
class MeterApiTest extends MeterApiTestBase {

  private static List<String> ids(Http.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.items().stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  @Test
  void aManagerManagesMetersAndATechnicianReadsThem() {
    String manager = server.createUser("manager").token();
    String technician = server.createUser("technician").token();
    String assetId = asset(null);
    Http.Response made =
        http.post(METERS)
            .token(manager)
            .json(
                new JsonObject()
                    .put("asset_id", assetId)
                    .put("name", "Running hours")
                    .put("unit", "h")
                    .put("kind", "counter"))
            .send();
    String id = created(made);
    assertThat(made.header("Location")).isEqualTo(METERS + "/" + id);
    assertThat(made.header("ETag")).isEqualTo("\"1\"");
    assertThat(made.json().getValue("last_reading")).isNull();
    assertThat(made.json().getString("asset_id")).isEqualTo(assetId);

    Http.Response read = http.get(METERS + "/" + id).token(technician).send();
    assertThat(read.status()).isEqualTo(200);
    assertThat(
            http.get(METERS + "/" + id)
                .token(technician)
                .header("If-None-Match", read.header("ETag"))
                .send()
                .status())
        .isEqualTo(304);
    assertThat(ids(http.get(METERS + "?asset_id=" + assetId).token(technician).send()))
        .containsExactly(id);
    assertThat(ids(http.get(METERS + "?asset_id=" + assetId + "&kind=gauge").token(admin).send()))
        .isEmpty();

    // Technicians neither create, change nor delete.
    assertProblem(
        http.post(METERS)
            .token(technician)
            .json(
                new JsonObject()
                    .put("asset_id", assetId)
                    .put("name", "x")
                    .put("unit", "h")
                    .put("kind", "gauge"))
            .send(),
        403,
        "/problems/forbidden");
    assertProblem(
        http.patch(METERS + "/" + id)
            .token(technician)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("name", "x"))
            .send(),
        403,
        "/problems/forbidden");
    assertProblem(
        http.delete(METERS + "/" + id).token(technician).send(), 403, "/problems/forbidden");

    Http.Response renamed =
        http.patch(METERS + "/" + id)
            .token(manager)
            .header("If-Match", "\"1\"")
            .mergePatch(new JsonObject().put("name", "Compressor hours"))
            .send();
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().getString("name")).isEqualTo("Compressor hours");
    assertThat(renamed.json().getString("unit")).isEqualTo("h");
    assertThat(renamed.header("ETag")).isEqualTo("\"2\"");
    assertProblem(
        http.patch(METERS + "/" + id)
            .token(manager)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("unit", "min"))
            .send(),
        412,
        "/problems/precondition-failed");
    assertThat(http.delete(METERS + "/" + id).token(manager).send().status()).isEqualTo(204);
    assertThat(http.get(METERS + "/" + id).token(admin).send().status()).isEqualTo(404);
    assertThat(ids(http.get(METERS + "?asset_id=" + assetId).token(admin).send())).isEmpty();
    assertThat(post(admin, id, batch(reading("1", T0))).status()).isEqualTo(404);
  }

  @Test
  void aRequesterSeesNoMetersAtAll() {
    String requester = server.createUser("requester").token();
    String id = counter();
    assertProblem(http.get(METERS).token(requester).send(), 403, "/problems/forbidden");
    assertProblem(http.get(METERS + "/" + id).token(requester).send(), 403, "/problems/forbidden");
    assertProblem(
        http.get(METERS + "/" + id + "/readings").token(requester).send(),
        403,
        "/problems/forbidden");
    assertProblem(post(requester, id, batch(reading("1", T0))), 403, "/problems/forbidden");
    assertThat(allReadings(id)).isEmpty();
  }

  @Test
  void anotherTenantsMeterIs404ToEveryOperation() {
    String other = otherTenantAdmin();
    String id = counter();
    posted(id, batch(reading("10", T0)));
    assertProblem(http.get(METERS + "/" + id).token(other).send(), 404, "/problems/not-found");
    assertThat(ids(http.get(METERS).token(other).send())).doesNotContain(id);
    assertProblem(
        http.patch(METERS + "/" + id)
            .token(other)
            .header("If-Match", "\"2\"")
            .json(new JsonObject().put("name", "stolen"))
            .send(),
        404,
        "/problems/not-found");
    assertProblem(http.delete(METERS + "/" + id).token(other).send(), 404, "/problems/not-found");
    assertProblem(
        http.get(METERS + "/" + id + "/readings").token(other).send(), 404, "/problems/not-found");
    assertProblem(
        post(other, id, batch(reading("99", T0.plusHours(1)))), 404, "/problems/not-found");
    assertThat(allReadings(id)).hasSize(1);
    // Nor may they hang a meter on our asset.
    Http.Response refused =
        http.post(METERS)
            .token(other)
            .json(
                new JsonObject()
                    .put("asset_id", asset(null))
                    .put("name", "x")
                    .put("unit", "h")
                    .put("kind", "counter"))
            .send();
    assertProblem(refused, 422, "/problems/unprocessable", "/asset_id");
  }

  @Test
  void aSiteScopedUserSeesAndFeedsOnlyItsSitesMeters() {
    String north =
        created(
            http.post("/api/v1/sites").token(admin).json(new JsonObject().put("name", "N")).send());
    String south =
        created(
            http.post("/api/v1/sites").token(admin).json(new JsonObject().put("name", "S")).send());
    String northMeter = meter(asset(north), "gauge").getString("id");
    String southMeter = meter(asset(south), "gauge").getString("id");
    String technician = server.createUser("technician", List.of(north)).token();
    String manager = server.createUser("manager", List.of(north)).token();

    assertThat(ids(http.get(METERS + "?limit=100").token(technician).send()))
        .contains(northMeter)
        .doesNotContain(southMeter);
    assertThat(http.get(METERS + "/" + southMeter).token(technician).send().status())
        .isEqualTo(404);
    assertThat(post(technician, southMeter, batch(reading("1", T0))).status()).isEqualTo(404);
    assertThat(post(technician, northMeter, batch(reading("1", T0))).status()).isEqualTo(201);
    assertThat(http.get(METERS + "/" + southMeter + "/readings").token(technician).send().status())
        .isEqualTo(404);
    assertThat(
            http.patch(METERS + "/" + southMeter)
                .token(manager)
                .header("If-Match", "\"1\"")
                .json(new JsonObject().put("name", "mine"))
                .send()
                .status())
        .isEqualTo(404);
    assertThat(http.delete(METERS + "/" + southMeter).token(manager).send().status())
        .isEqualTo(404);
    Http.Response onSouthAsset =
        http.post(METERS)
            .token(manager)
            .json(
                new JsonObject()
                    .put("asset_id", asset(south))
                    .put("name", "x")
                    .put("unit", "bar")
                    .put("kind", "gauge"))
            .send();
    assertProblem(onSouthAsset, 422, "/problems/unprocessable", "/asset_id");
    assertThat(allReadings(southMeter)).isEmpty();
  }

  @Test
  void aCreateNeedsAnExistingAssetAndAKnownKind() {
    Http.Response unknownAsset =
        http.post(METERS)
            .token(admin)
            .json(
                new JsonObject()
                    .put("asset_id", UUID.randomUUID().toString())
                    .put("name", "x")
                    .put("unit", "h")
                    .put("kind", "counter"))
            .send();
    assertProblem(unknownAsset, 422, "/problems/unprocessable", "/asset_id");
    Http.Response badKind =
        http.post(METERS)
            .token(admin)
            .json(
                new JsonObject()
                    .put("asset_id", asset(null))
                    .put("name", "x")
                    .put("unit", "h")
                    .put("kind", "odometer"))
            .send();
    assertProblem(badKind, 400, "/problems/validation");
    String id = counter();
    Http.Response kindChange =
        http.patch(METERS + "/" + id)
            .token(admin)
            .header("If-Match", "\"1\"")
            .json(new JsonObject().put("kind", "gauge"))
            .send();
    assertProblem(kindChange, 400, "/problems/validation");
  }

  @Test
  void aCreateIsIdempotentByKey() {
    JsonObject body =
        new JsonObject()
            .put("asset_id", asset(null))
            .put("name", "once")
            .put("unit", "h")
            .put("kind", "counter");
    Http.Response first =
        http.post(METERS).token(admin).header("Idempotency-Key", "meter-once").json(body).send();
    Http.Response again =
        http.post(METERS).token(admin).header("Idempotency-Key", "meter-once").json(body).send();
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.json().getString("id")).isEqualTo(first.json().getString("id"));
  }
}
