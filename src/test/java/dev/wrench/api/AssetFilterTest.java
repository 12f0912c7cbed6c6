package dev.wrench.api;

import static dev.wrench.support.Collection.id;
import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The asset list's filters: status, category and parent, combined, and unknown parameters. */
class AssetFilterTest extends AssetApiTestBase {

  @Test
  void listFiltersByOneStatus() {
    String category = category();
    assets.create(new JsonObject().put("name", "s-operational").put("category", category));
    JsonObject down =
        assets.create(
            new JsonObject().put("name", "s-down").put("category", category).put("status", "down"));
    assets.create(
        new JsonObject()
            .put("name", "s-retired")
            .put("category", category)
            .put("status", "retired"));
    assertThat(assets.listIds("category=" + category + "&status=down")).containsExactly(id(down));
  }

  @Test
  void listFiltersByCommaSeparatedAndRepeatedStatusesAsAnyOf() {
    String category = category();
    JsonObject operational =
        assets.create(new JsonObject().put("name", "m-1").put("category", category));
    JsonObject down =
        assets.create(
            new JsonObject().put("name", "m-2").put("category", category).put("status", "down"));
    JsonObject retired =
        assets.create(
            new JsonObject().put("name", "m-3").put("category", category).put("status", "retired"));
    String base = "category=" + category;
    assertThat(assets.listIds(base + "&status=down,retired"))
        .containsExactly(id(down), id(retired));
    assertThat(assets.listIds(base + "&status=down&status=retired"))
        .containsExactly(id(down), id(retired));
    assertThat(assets.listIds(base + "&status=operational&status=down,retired"))
        .containsExactly(id(operational), id(down), id(retired));
    assertThat(assets.listIds(base + "&status=retired,retired")).containsExactly(id(retired));
  }

  @Test
  void anUnknownStatusValueIs400() {
    Http.Response response = assets.list("status=broken");
    assertProblem(response, 400, "/problems/validation");
    assertThat(String.join(" ", pointers(response))).contains("/query/status");
    assertProblem(assets.list("status=down,broken"), 400, "/problems/validation");
  }

  @Test
  void listFiltersByCategory() {
    String category = category();
    JsonObject a = create("c-a", category);
    JsonObject b = create("c-b", category);
    create("c-c", category());
    assertThat(assets.listIds("category=" + category)).containsExactly(id(a), id(b));
    assertThat(assets.listIds("category=no-such-category-" + UUID.randomUUID())).isEmpty();
  }

  @Test
  void listFiltersByParentId() {
    String category = category();
    JsonObject parent = create("p-parent", category);
    JsonObject otherParent = create("p-other", category);
    JsonObject first =
        assets.create(
            new JsonObject()
                .put("name", "p-child-1")
                .put("category", category)
                .put("parent_id", id(parent)));
    JsonObject second =
        assets.create(
            new JsonObject()
                .put("name", "p-child-2")
                .put("category", category)
                .put("parent_id", id(parent)));
    assets.create(
        new JsonObject()
            .put("name", "p-child-3")
            .put("category", category)
            .put("parent_id", id(otherParent)));
    assertThat(assets.listIds("parent_id=" + id(parent))).containsExactly(id(first), id(second));
    assertThat(assets.listIds("parent_id=" + UUID.randomUUID())).isEmpty();
    assertProblem(assets.list("parent_id=not-a-uuid"), 400, "/problems/validation");
  }

  @Test
  void filtersCombineWithAnd() {
    String category = category();
    JsonObject parent = create("f-parent", category);
    JsonObject match =
        assets.create(
            new JsonObject()
                .put("name", "f-1")
                .put("category", category)
                .put("parent_id", id(parent))
                .put("status", "down"));
    assets.create(
        new JsonObject().put("name", "f-2").put("category", category).put("parent_id", id(parent)));
    assets.create(
        new JsonObject()
            .put("name", "f-3")
            .put("category", category())
            .put("parent_id", id(parent))
            .put("status", "down"));
    assertThat(assets.listIds("category=" + category + "&parent_id=" + id(parent) + "&status=down"))
        .containsExactly(id(match));
  }

  @Test
  void anUnknownQueryParameterIs400() {
    Http.Response response = assets.list("colour=red");
    assertProblem(response, 400, "/problems/validation");
    assertThat(pointers(response)).containsExactly("/query/colour");
    assertProblem(assets.list("name=pump-a"), 400, "/problems/validation");
  }
}
