package dev.wrench.api;

import static dev.wrench.support.Collection.id;
import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Assets created and read: defaults, conditional gets, body validation, references and idempotency.
 */
class AssetCreateReadTest extends AssetApiTestBase {

  // --- create and read ---

  @Test
  void createReturns201WithLocationEtagAndTheResource() {
    Http.Response response =
        assets.post(
            new JsonObject()
                .put("name", "AHU-3")
                .put("category", "hvac")
                .put("serial_number", "SN-99812")
                .put("location", "Roof, building B")
                .put("status", "down"));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    JsonObject asset = response.json();
    assertThat(response.header("Location")).isEqualTo(ASSETS + "/" + id(asset));
    assertThat(response.header("ETag")).isEqualTo("\"1\"");
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(UUID.fromString(id(asset))).isNotNull();
    assertThat(asset.getString("name")).isEqualTo("AHU-3");
    assertThat(asset.getString("category")).isEqualTo("hvac");
    assertThat(asset.getString("serial_number")).isEqualTo("SN-99812");
    assertThat(asset.getString("location")).isEqualTo("Roof, building B");
    assertThat(asset.getString("status")).isEqualTo("down");
    assertThat(asset.getValue("parent_id")).isNull();
    assertThat(asset.getInteger("version")).isEqualTo(1);
    assertThat(Instant.parse(asset.getString("created_at"))).isNotNull();
    assertThat(asset.getString("created_at")).endsWith("Z");
    assertThat(asset.fieldNames())
        .containsExactlyInAnyOrder(
            "id",
            "name",
            "category",
            "serial_number",
            "location",
            "parent_id",
            "site_id",
            "location_id",
            "status",
            "created_at",
            "updated_at",
            "version");

    Http.Response fetched = http.get(response.header("Location")).token(admin).send();
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
    assertThat(fetched.json()).isEqualTo(asset);
  }

  @Test
  void createWithOnlyANameDefaultsStatusToOperationalAndOtherFieldsToNull() {
    JsonObject asset = assets.create(new JsonObject().put("name", "bare"));
    assertThat(asset.getString("status")).isEqualTo("operational");
    assertThat(asset.getValue("category")).isNull();
    assertThat(asset.getValue("serial_number")).isNull();
    assertThat(asset.getValue("location")).isNull();
    assertThat(asset.getValue("parent_id")).isNull();
  }

  @Test
  void createWithAParentLinksIt() {
    JsonObject parent = create("building-b", category());
    JsonObject child =
        assets.create(new JsonObject().put("name", "ahu-4").put("parent_id", id(parent)));
    assertThat(child.getString("parent_id")).isEqualTo(id(parent));
  }

  @Test
  void getHonoursIfNoneMatch() {
    JsonObject asset = create("conditional", category());
    String path = ASSETS + "/" + id(asset);
    Http.Response notModified = http.get(path).token(admin).header("If-None-Match", "\"1\"").send();
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("ETag")).isEqualTo("\"1\"");
    assertThat(notModified.body() == null || notModified.body().length() == 0).isTrue();
    Http.Response changed = http.get(path).token(admin).header("If-None-Match", "\"2\"").send();
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json()).isEqualTo(asset);
  }

  /**
   * RFC 9110 13.1.2: If-None-Match takes a list of entity tags and compares weakly, so {@code
   * W/"1"} and {@code "0", "1"} both match version 1.
   */
  @Test
  void getHonoursIfNoneMatchWithAWeakTagOrAListOfTags() {
    JsonObject asset = create("conditional list", category());
    String path = ASSETS + "/" + id(asset);
    assertThat(http.get(path).token(admin).header("If-None-Match", "*").send().status())
        .isEqualTo(304);
    for (String header : List.of("W/\"1\"", "\"0\", \"1\"", "\"1\", W/\"2\"")) {
      Http.Response response = http.get(path).token(admin).header("If-None-Match", header).send();
      assertThat(response.status()).as("If-None-Match: %s -> %s", header, response).isEqualTo(304);
    }
    Http.Response noMatch =
        http.get(path).token(admin).header("If-None-Match", "\"2\", \"3\"").send();
    assertThat(noMatch.status()).as(noMatch.toString()).isEqualTo(200);
  }

  @Test
  void unknownAssetIs404AndAMalformedIdIs400() {
    assertProblem(
        http.get(ASSETS + "/" + UUID.randomUUID()).token(admin).send(), 404, "/problems/not-found");
    assertProblem(
        http.get(ASSETS + "/not-a-uuid").token(admin).send(), 400, "/problems/validation");
  }

  // --- references ---

  @Test
  void aParentThatDoesNotExistIs422WithPointerOnCreate() {
    Http.Response response =
        assets.post(
            new JsonObject().put("name", "orphan").put("parent_id", UUID.randomUUID().toString()));
    assertProblem(response, 422, "/problems/unprocessable");
    assertThat(pointers(response)).containsExactly("/parent_id");
  }

  // --- body validation ---

  @Test
  void anExtraBodyFieldIs400WithItsPointerAndCreatesNothing() {
    String category = category();
    Http.Response response =
        assets.post(
            new JsonObject().put("name", "extra").put("category", category).put("colour", "red"));
    assertProblem(response, 400, "/problems/validation");
    assertThat(pointers(response)).contains("/colour");
    assertThat(assets.listIds("category=" + category)).isEmpty();
  }

  @Test
  void anInvalidBodyIs400WithPointers() {
    Http.Response response =
        assets.post(
            new JsonObject().put("name", "").put("status", "exploded").put("parent_id", "nope"));
    assertProblem(response, 400, "/problems/validation");
    assertThat(pointers(response)).contains("/name", "/status", "/parent_id");
    assertProblem(assets.post(new JsonObject().put("category", "x")), 400, "/problems/validation");
  }

  // --- idempotency ---

  @Test
  void idempotentCreateReplaysTheFirstResponseAndCreatesNothingMore() {
    String category = category();
    String key = UUID.randomUUID().toString();
    JsonObject body =
        new JsonObject().put("name", "idempotent").put("category", category).put("status", "down");
    Http.Response first = assets.post(body, key);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    Http.Response replay =
        assets.post(
            new JsonObject()
                .put("status", "down")
                .put("category", category)
                .put("name", "idempotent"),
            key);
    assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
    assertThat(replay.json()).isEqualTo(first.json());
    assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
    assertThat(replay.header("ETag")).isEqualTo("\"1\"");
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(first.header("Idempotent-Replayed")).isNull();

    Http.Response other =
        assets.post(new JsonObject().put("name", "something else").put("category", category), key);
    assertProblem(other, 422, "/problems/idempotency-key-reused");
    assertThat(assets.listIds("category=" + category)).containsExactly(id(first.json()));

    Http.Response otherKey = assets.post(body, UUID.randomUUID().toString());
    assertThat(otherKey.status()).isEqualTo(201);
    assertThat(assets.listIds("category=" + category)).hasSize(2);
  }
}
