package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/work-orders}: every sort order, ties broken by id. */
class WorkOrderListSortTest extends AbstractWorkOrderListTest {

  /**
   * Dataset keys grouped by equal sort key, each group ordered by id (the tie-breaker), ascending
   * or not.
   */
  private List<Integer> groups(boolean ascending, List<List<Integer>> groups) {
    Comparator<Integer> byId = Comparator.comparing(key -> dataset.get(key).getString("id"));
    List<Integer> order = new ArrayList<>();
    for (List<Integer> group : groups) {
      order.addAll(group.stream().sorted(ascending ? byId : byId.reversed()).toList());
    }
    return order;
  }

  // ---------------------------------------------------------------- sorting

  @Test
  void defaultSortIsNewestFirst() {
    assertThat(inDataset(""))
        .isEqualTo(inDataset("sort=-created_at"))
        .containsExactly(7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void sortByCreatedAt() {
    assertThat(inDataset("sort=created_at")).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(inDataset("sort=-created_at")).containsExactly(7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void sortByUpdatedAt() {
    assertThat(inDataset("sort=updated_at")).containsExactly(1, 6, 7, 5, 3, 2, 4);
    assertThat(inDataset("sort=-updated_at")).containsExactly(4, 2, 3, 5, 7, 6, 1);
  }

  @Test
  void sortByDueAtPutsUndatedWorkOrdersLast() {
    assertThat(inDataset("sort=due_at"))
        .isEqualTo(
            groups(
                true,
                List.of(
                    List.of(5), List.of(2), List.of(1), List.of(4), List.of(7), List.of(3, 6))));
    assertThat(inDataset("sort=due_at"))
        .endsWith(groups(true, List.of(List.of(3, 6))).toArray(Integer[]::new));
  }

  @Test
  void sortByDueAtDescendingIsTheExactReverse() {
    // The reverse of the ascending order: undated work orders (due "never") come first.
    assertThat(inDataset("sort=-due_at"))
        .isEqualTo(
            groups(
                false,
                List.of(
                    List.of(3, 6), List.of(7), List.of(4), List.of(1), List.of(2), List.of(5))));
  }

  /** The page before the undated work orders has a cursor; so must a page that ends on one. */
  @Test
  void dueAtPagesMayEndOnAWorkOrderWithoutDueDate() {
    String query = "asset_id=" + assetA1 + "," + assetA2 + "&sort=due_at";
    Http.Response datedOnly = ok(query + "&limit=5");
    assertThat(keys(datedOnly.items())).containsExactly(5, 2, 1, 4, 7);
    assertThat(
            keys(
                ok(query + "&limit=5&cursor=" + datedOnly.json().getString("next_cursor")).items()))
        .isEqualTo(groups(true, List.of(List.of(3, 6))));

    Http.Response endsUndated = get(query + "&limit=6");
    assertThat(endsUndated.status()).as(endsUndated.toString()).isEqualTo(200);
    Http.Response rest =
        ok(query + "&limit=6&cursor=" + endsUndated.json().getString("next_cursor"));
    assertThat(rest.items()).hasSize(1);
    assertThat(rest.json().getValue("next_cursor")).isNull();

    Http.Response descending = get("asset_id=" + assetA1 + "," + assetA2 + "&sort=-due_at&limit=1");
    assertThat(descending.status()).as(descending.toString()).isEqualTo(200);
  }

  @Test
  void sortByPriorityIsByUrgencyNotAlphabetical() {
    assertThat(inDataset("sort=priority"))
        .isEqualTo(groups(true, List.of(List.of(2, 6), List.of(4, 5), List.of(1, 7), List.of(3))));
    assertThat(inDataset("sort=-priority"))
        .isEqualTo(groups(false, List.of(List.of(3), List.of(1, 7), List.of(4, 5), List.of(2, 6))));
  }

  @Test
  void sortByNumber() {
    assertThat(inDataset("sort=number")).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(inDataset("sort=-number")).containsExactly(7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void sortCombinesWithFilters() {
    assertThat(inDataset("status=open&sort=due_at")).containsExactly(1, 7, 6);
    assertThat(inDataset("requester_id=" + requester1.id() + "&sort=-priority"))
        .containsExactly(3, 1, 5);
  }
}
