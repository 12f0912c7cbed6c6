package dev.wrench.api;

import static dev.wrench.support.Collection.id;
import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Pages;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Assets patched (conditional on If-Match, references checked) and soft-deleted. */
class AssetUpdateDeleteTest extends AssetApiTestBase {

  // --- patch ---

  @Test
  void patchWithIfMatchChangesTheFieldsAndBumpsTheVersion() {
    JsonObject asset =
        assets.create(
            new JsonObject()
                .put("name", "to patch")
                .put("category", "hvac")
                .put("location", "roof"));
    Http.Response response =
        assets.patch(
            asset,
            new JsonObject().put("status", "down").put("name", "patched").putNull("location"));
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("ETag")).isEqualTo("\"2\"");
    JsonObject patched = response.json();
    assertThat(patched.getInteger("version")).isEqualTo(2);
    assertThat(patched.getString("status")).isEqualTo("down");
    assertThat(patched.getString("name")).isEqualTo("patched");
    assertThat(patched.getValue("location")).isNull();
    assertThat(patched.getString("category")).isEqualTo("hvac");
    assertThat(patched.getString("created_at")).isEqualTo(asset.getString("created_at"));
    assertThat(Instant.parse(patched.getString("updated_at")))
        .isAfterOrEqualTo(Instant.parse(asset.getString("updated_at")));
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(patched);

    Http.Response again =
        http.patch(ASSETS + "/" + id(asset))
            .token(admin)
            .header("If-Match", "\"2\"")
            .json(new JsonObject().put("serial_number", "SN-1"))
            .send();
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.header("ETag")).isEqualTo("\"3\"");
  }

  @Test
  void patchWithoutIfMatchIs428AndChangesNothing() {
    JsonObject asset = create("no if-match", category());
    Http.Response response =
        http.patch(ASSETS + "/" + id(asset))
            .token(admin)
            .mergePatch(new JsonObject().put("name", "changed"))
            .send();
    assertProblem(response, 428, "/problems/precondition-required");
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(asset);
  }

  @Test
  void patchWithAStaleIfMatchIs412AndChangesNothing() {
    JsonObject asset = create("stale", category());
    JsonObject current = assets.patch(asset, new JsonObject().put("name", "fresh")).json();
    Http.Response stale = assets.patch(asset, new JsonObject().put("name", "lost update"));
    assertProblem(stale, 412, "/problems/precondition-failed");
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(current);
  }

  /**
   * {@code If-Match: *} (RFC 9110 13.1.1: true when the resource exists) makes the change
   * unconditional. Whatever the server's answer, it must match what happened: an error answer must
   * leave the asset unchanged.
   */
  @Test
  void patchWithIfMatchStarAppliesTheChangeAndSaysSo() {
    JsonObject asset = create("star", category());
    Http.Response response =
        http.patch(ASSETS + "/" + id(asset))
            .token(admin)
            .header("If-Match", "*")
            .mergePatch(new JsonObject().put("name", "changed under star"))
            .send();
    JsonObject after = http.get(ASSETS + "/" + id(asset)).token(admin).send().json();
    if (response.status() >= 400) {
      assertThat(after)
          .as(
              "PATCH with If-Match: * answered %s, yet the asset was changed to %s",
              response, after)
          .isEqualTo(asset);
    }
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("ETag")).isEqualTo("\"2\"");
    assertThat(after.getString("name")).isEqualTo("changed under star");
  }

  @Test
  void patchOfAnUnknownAssetIs404() {
    Http.Response response =
        http.patch(ASSETS + "/" + UUID.randomUUID())
            .token(admin)
            .header("If-Match", "\"1\"")
            .mergePatch(new JsonObject().put("name", "ghost"))
            .send();
    assertProblem(response, 404, "/problems/not-found");
  }

  @Test
  void patchRejectsUnknownFieldsAndAnEmptyPatch() {
    JsonObject asset = create("strict patch", category());
    Http.Response extra = assets.patch(asset, new JsonObject().put("colour", "red"));
    assertProblem(extra, 400, "/problems/validation");
    assertThat(pointers(extra)).contains("/colour");
    Http.Response readOnly = assets.patch(asset, new JsonObject().put("version", 7));
    assertProblem(readOnly, 400, "/problems/validation");
    assertProblem(assets.patch(asset, new JsonObject()), 400, "/problems/validation");
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(asset);
  }

  // --- references ---

  @Test
  void aParentThatDoesNotExistIs422WithPointerOnPatch() {
    JsonObject asset = create("will get a ghost parent", category());
    Http.Response response =
        assets.patch(asset, new JsonObject().put("parent_id", UUID.randomUUID().toString()));
    assertProblem(response, 422, "/problems/unprocessable");
    assertThat(pointers(response)).containsExactly("/parent_id");
    assertThat(http.get(ASSETS + "/" + id(asset)).token(admin).send().json()).isEqualTo(asset);
  }

  @Test
  void anAssetCannotBeItsOwnParent() {
    JsonObject asset = create("narcissus", category());
    Http.Response response = assets.patch(asset, new JsonObject().put("parent_id", id(asset)));
    assertProblem(response, 422, "/problems/unprocessable");
    assertThat(pointers(response)).containsExactly("/parent_id");
  }

  // --- delete ---

  @Test
  void softDeleteIs204ThenTheAssetIs404AndHiddenFromListsButKept() throws Exception {
    String category = category();
    JsonObject asset = create("doomed", category);
    JsonObject survivor = create("survivor", category);
    Http.Response deleted = http.delete(ASSETS + "/" + id(asset)).token(admin).send();
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body() == null || deleted.body().length() == 0).isTrue();

    assertProblem(
        http.get(ASSETS + "/" + id(asset)).token(admin).send(), 404, "/problems/not-found");
    assertProblem(
        http.delete(ASSETS + "/" + id(asset)).token(admin).send(), 404, "/problems/not-found");
    assertProblem(
        assets.patch(asset, new JsonObject().put("name", "zombie")), 404, "/problems/not-found");
    assertThat(assets.listIds("category=" + category)).containsExactly(id(survivor));
    assertThat(Pages.ids(Pages.collect(http, admin, ASSETS, 100))).doesNotContain(id(asset));

    try (var connection = server.database().connect();
        var statement =
            connection.prepareStatement("SELECT deleted_at FROM assets WHERE id = ?::uuid")) {
      statement.setString(1, id(asset));
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("the row is kept").isTrue();
        assertThat(row.getTimestamp("deleted_at")).isNotNull();
      }
    }
  }

  @Test
  void deleteHonoursIfMatch() {
    JsonObject asset = create("conditional delete", category());
    assertProblem(assets.delete(asset, "\"5\""), 412, "/problems/precondition-failed");
    assertThat(assets.delete(asset, "\"1\"").status()).isEqualTo(204);
  }
}
