package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import dev.wrench.support.WorkOrders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code GET /api/v1/work-orders}: limits and keyset pagination, also while rows come and go. */
class WorkOrderListPaginationTest extends AbstractWorkOrderListTest {

  private static final List<String> SORTS =
      List.of(
          "created_at",
          "-created_at",
          "updated_at",
          "-updated_at",
          "due_at",
          "-due_at",
          "priority",
          "-priority",
          "number",
          "-number");
  private static final Map<String, Integer> PRIORITY_RANK =
      Map.of("low", 1, "medium", 2, "high", 3, "critical", 4);

  static Stream<String> sorts() {
    return SORTS.stream();
  }

  /** The body of a work order on {@code asset}. */
  private static JsonObject onAsset(String asset, String title) {
    return new JsonObject().put("title", title).put("asset_id", asset);
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  // ---------------------------------------------------------------- limits

  @Test
  void defaultLimitIsTwenty() {
    Http.Response first = ok("asset_id=" + assetBulk);
    assertThat(first.items()).hasSize(20);
    String cursor = first.json().getString("next_cursor");
    assertThat(cursor).isNotNull();
    Http.Response rest = ok("asset_id=" + assetBulk + "&cursor=" + cursor);
    assertThat(rest.items()).hasSize(3);
    assertThat(rest.json().getValue("next_cursor")).isNull();
  }

  @Test
  void limitBoundsAreOneAndOneHundred() {
    assertThat(ok("asset_id=" + assetBulk + "&limit=1").items()).hasSize(1);
    assertThat(ok("asset_id=" + assetBulk + "&limit=100").items()).hasSize(23);
    assertRefused(get("limit=0"), "/query/limit");
    assertRefused(get("limit=101"), "/query/limit");
    assertRefused(get("limit=-1"), "/query/limit");
    assertRefused(get("limit=ten"), "/query/limit");
    assertRefused(get("limit=1.5"), "/query/limit");
  }

  @Test
  void aPageThatEndsExactlyAtTheLastRowHasNoNextCursor() {
    String dataQuery = "asset_id=" + assetA1 + "," + assetA2 + "&sort=number";
    Http.Response full = ok(dataQuery + "&limit=7");
    assertThat(full.items()).hasSize(7);
    assertThat(full.json().getValue("next_cursor")).isNull();
    Http.Response six = ok(dataQuery + "&limit=6");
    assertThat(keys(six.items())).containsExactly(1, 2, 3, 4, 5, 6);
    Http.Response last = ok(dataQuery + "&limit=6&cursor=" + six.json().getString("next_cursor"));
    assertThat(keys(last.items())).containsExactly(7);
    assertThat(last.json().getValue("next_cursor")).isNull();
  }

  // ---------------------------------------------------------------- keyset pagination

  @ParameterizedTest(name = "sort={0}")
  @MethodSource("sorts")
  void walkingTheDatasetPageByPageGivesTheSingleBigPage(String sort) {
    String query = "asset_id=" + assetA1 + "," + assetA2 + "&sort=" + sort;
    List<String> whole = ids(ok(query + "&limit=100").items());
    assertThat(whole).hasSize(7);
    for (int limit : new int[] {1, 2, 3}) {
      assertThat(walk(query, limit).stream().map(o -> o.getString("id")).toList())
          .as("sort %s, limit %d", sort, limit)
          .isEqualTo(whole);
    }
  }

  @ParameterizedTest(name = "sort={0}")
  @MethodSource("sorts")
  void walkingAllPagesGivesEveryRowExactlyOnceInSortOrder(String sort) {
    String query = "asset_id=" + assetBulk + "&sort=" + sort;
    List<JsonObject> walked = walk(query, 4);
    List<String> walkedIds = walked.stream().map(o -> o.getString("id")).toList();
    assertThat(walkedIds).doesNotHaveDuplicates().hasSize(bulk.size());
    assertThat(Set.copyOf(walkedIds))
        .isEqualTo(bulk.stream().map(o -> o.getString("id")).collect(Collectors.toSet()));

    List<JsonObject> expected = new ArrayList<>(walked);
    expected.sort(order(sort));
    assertThat(walkedIds)
        .as("sort %s", sort)
        .isEqualTo(expected.stream().map(o -> o.getString("id")).toList());
    assertThat(walkedIds).isEqualTo(ids(ok(query + "&limit=100").items()));
  }

  /** The documented order of {@code sort}, with the id as tie-breaker in the same direction. */
  private static Comparator<JsonObject> order(String sort) {
    boolean descending = sort.startsWith("-");
    String field = descending ? sort.substring(1) : sort;
    Function<JsonObject, Comparable<?>> key =
        switch (field) {
          case "created_at", "updated_at" -> o -> Instant.parse(o.getString(field));
          // No due date sorts after every due date.
          case "due_at" ->
              o ->
                  o.getString("due_at") == null
                      ? Instant.MAX
                      : Instant.parse(o.getString("due_at"));
          case "priority" -> o -> PRIORITY_RANK.get(o.getString("priority"));
          case "number" -> o -> Long.parseLong(o.getString("number").substring(3));
          default -> throw new IllegalArgumentException(sort);
        };
    @SuppressWarnings({"unchecked", "rawtypes"})
    Comparator<JsonObject> comparator = Comparator.comparing((Function) key);
    comparator = comparator.thenComparing(o -> o.getString("id"));
    return descending ? comparator.reversed() : comparator;
  }

  @Test
  void pagesStayStableWhileRowsAreInserted() {
    String asset = createAsset("Pagination while inserting");
    List<String> old = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      old.add(
          0,
          WorkOrders.create(http, admin, onAsset(asset, "Stable page row " + i)).getString("id"));
    }
    String query = "asset_id=" + asset + "&sort=-created_at&limit=4";
    Http.Response page1 = ok(query);
    assertThat(ids(page1.items())).isEqualTo(old.subList(0, 4));

    Set<String> inserted = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      inserted.add(
          WorkOrders.create(http, admin, onAsset(asset, "Inserted after page one " + i))
              .getString("id"));
    }
    Http.Response page2 = ok(query + "&cursor=" + page1.json().getString("next_cursor"));
    assertThat(ids(page2.items())).isEqualTo(old.subList(4, 8));

    for (int i = 0; i < 2; i++) {
      inserted.add(
          WorkOrders.create(http, admin, onAsset(asset, "Inserted after page two " + i))
              .getString("id"));
    }
    Http.Response page3 = ok(query + "&cursor=" + page2.json().getString("next_cursor"));
    assertThat(ids(page3.items())).isEqualTo(old.subList(8, 9));
    assertThat(page3.json().getValue("next_cursor")).isNull();

    List<String> walked = new ArrayList<>();
    walked.addAll(ids(page1.items()));
    walked.addAll(ids(page2.items()));
    walked.addAll(ids(page3.items()));
    assertThat(walked).isEqualTo(old).doesNotHaveDuplicates().doesNotContainAnyElementsOf(inserted);
    // A fresh walk sees the new rows first.
    assertThat(ids(ok(query.replace("limit=4", "limit=100")).items()).subList(0, 5))
        .containsExactlyInAnyOrderElementsOf(inserted);
  }

  @Test
  void rowsInsertedDuringAnAscendingWalkAppearOnceAtTheEnd() {
    String asset = createAsset("Ascending while inserting");
    List<String> old = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      old.add(WorkOrders.create(http, admin, onAsset(asset, "Ascending row " + i)).getString("id"));
    }
    String query = "asset_id=" + asset + "&sort=created_at&limit=3";
    Http.Response page1 = ok(query);
    String added =
        WorkOrders.create(http, admin, onAsset(asset, "Ascending late row")).getString("id");
    Http.Response page2 = ok(query + "&cursor=" + page1.json().getString("next_cursor"));
    List<String> walked = new ArrayList<>(ids(page1.items()));
    walked.addAll(ids(page2.items()));
    List<String> expected = new ArrayList<>(old);
    expected.add(added);
    assertThat(walked).isEqualTo(expected);
    assertThat(page2.json().getValue("next_cursor")).isNull();
  }

  @Test
  void deletingTheRowACursorStopsAtDoesNotSkipOrRepeatRows() {
    String asset = createAsset("Pagination while deleting");
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(WorkOrders.create(http, admin, onAsset(asset, "Deletable row " + i)));
    }
    String query = "asset_id=" + asset + "&sort=number&limit=3";
    Http.Response page1 = ok(query);
    assertThat(ids(page1.items()))
        .isEqualTo(rows.subList(0, 3).stream().map(o -> o.getString("id")).toList());
    assertThat(http.delete(PATH + "/" + rows.get(2).getString("id")).token(admin).send().status())
        .isEqualTo(204);
    Http.Response page2 = ok(query + "&cursor=" + page1.json().getString("next_cursor"));
    assertThat(ids(page2.items()))
        .isEqualTo(rows.subList(3, 6).stream().map(o -> o.getString("id")).toList());
  }
}
