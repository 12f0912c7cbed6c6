package dev.wrench.api;

import static dev.wrench.support.Collection.id;
import static dev.wrench.support.ProblemAssertions.assertProblem;
import static dev.wrench.support.ProblemAssertions.cursorOf;
import static dev.wrench.support.ProblemAssertions.pointers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.Pages;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The asset list's sorts and cursor pagination. */
class AssetSortTest extends AssetApiTestBase {

  @ParameterizedTest(name = "sort={0}")
  @ValueSource(
      strings = {"name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"})
  void eachSortOrdersTheListWithTheIdBreakingTies(String sort) {
    Http.Response response = assets.list("category=" + sortCategory + "&limit=100&sort=" + sort);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    List<JsonObject> items = response.items().stream().map(JsonObject.class::cast).toList();
    assertThat(Pages.ids(items)).containsExactlyInAnyOrderElementsOf(Pages.ids(sortSet));
    assertThat(items).isSortedAccordingTo(Pages.order(sort));
    assertThat(response.json().getValue("next_cursor")).isNull();
  }

  @ParameterizedTest(name = "sort={0}")
  @ValueSource(
      strings = {"name", "-name", "created_at", "-created_at", "updated_at", "-updated_at"})
  void cursorPagesOfEachSortCoverEveryAssetOnceInOrder(String sort) {
    List<JsonObject> all =
        Pages.collect(http, admin, ASSETS + "?category=" + sortCategory + "&sort=" + sort, 3);
    assertThat(Pages.ids(all))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(Pages.ids(sortSet));
    assertThat(all).isSortedAccordingTo(Pages.order(sort));
    List<JsonObject> onePage =
        assets.list("category=" + sortCategory + "&limit=100&sort=" + sort).items().stream()
            .map(JsonObject.class::cast)
            .toList();
    assertThat(Pages.ids(all)).containsExactlyElementsOf(Pages.ids(onePage));
  }

  @Test
  void theDefaultSortIsByName() {
    List<JsonObject> all = Pages.collect(http, admin, ASSETS + "?category=" + sortCategory, 1);
    assertThat(all).hasSize(sortSet.size()).isSortedAccordingTo(Pages.order("name"));
  }

  @Test
  void pagesStayStableWhileAssetsAreInserted() {
    String category = category();
    List<String> before = new ArrayList<>();
    for (String name : List.of("k-b", "k-d", "k-f", "k-h")) {
      before.add(id(create(name, category)));
    }
    Http.Response first = assets.list("category=" + category + "&limit=2");
    assertThat(Pages.ids(first.items().stream().map(JsonObject.class::cast).toList()))
        .containsExactly(before.get(0), before.get(1));
    // Inserted before the cursor: must not shift the next page.
    create("k-a", category);
    Http.Response second =
        assets.list(
            "category=" + category + "&limit=2&cursor=" + first.json().getString("next_cursor"));
    assertThat(Pages.ids(second.items().stream().map(JsonObject.class::cast).toList()))
        .containsExactly(before.get(2), before.get(3));
  }

  @Test
  void aBadCursorIs400() {
    String id = UUID.randomUUID().toString();
    List<List<String>> cases =
        List.of(
            List.of("name", "garbage"),
            List.of("name", "!!!"),
            List.of("name", cursorOf("name")),
            List.of("name", cursorOf("name", "pump-a", "not-a-uuid")),
            List.of("name", cursorOf("name", 5, id)),
            List.of("created_at", cursorOf("created_at", "yesterday", id)),
            List.of("created_at", cursorOf("created_at", null, id)));
    for (List<String> c : cases) {
      Http.Response response =
          assets.list("sort=" + c.get(0) + "&cursor=" + Pages.encode(c.get(1)));
      assertProblem(response, 400, "/problems/validation");
      assertThat(pointers(response)).as(c.toString()).contains("/query/cursor");
    }
  }

  @Test
  void aCursorMadeForAnotherSortIs400() {
    String byName =
        assets
            .list("category=" + sortCategory + "&limit=2&sort=name")
            .json()
            .getString("next_cursor");
    assertThat(byName).isNotNull();
    Http.Response reversed =
        assets.list("category=" + sortCategory + "&limit=2&sort=-name&cursor=" + byName);
    assertProblem(reversed, 400, "/problems/validation");
    assertThat(pointers(reversed)).contains("/query/cursor");
    assertProblem(
        assets.list("category=" + sortCategory + "&limit=2&sort=created_at&cursor=" + byName),
        400,
        "/problems/validation");

    String byCreated =
        assets
            .list("category=" + sortCategory + "&limit=2&sort=-created_at")
            .json()
            .getString("next_cursor");
    assertProblem(
        assets.list("category=" + sortCategory + "&limit=2&cursor=" + byCreated),
        400,
        "/problems/validation");
    assertThat(
            assets
                .list("category=" + sortCategory + "&limit=2&sort=-created_at&cursor=" + byCreated)
                .status())
        .isEqualTo(200);
  }

  @Test
  void anUnknownSortIs400() {
    for (String sort :
        List.of("serial_number", "-status", "version", "id", "name,created_at", "+name")) {
      Http.Response response = assets.list("sort=" + Pages.encode(sort));
      assertThat(response.status()).as(sort + " -> " + response).isEqualTo(400);
      assertThat(response.json().getString("type")).isEqualTo("/problems/validation");
    }
  }

  @Test
  void aLimitOutside1To100Is400() {
    assertProblem(assets.list("limit=0"), 400, "/problems/validation");
    assertProblem(assets.list("limit=101"), 400, "/problems/validation");
    assertProblem(assets.list("limit=ten"), 400, "/problems/validation");
    assertThat(assets.list("limit=100").status()).isEqualTo(200);
  }
}
