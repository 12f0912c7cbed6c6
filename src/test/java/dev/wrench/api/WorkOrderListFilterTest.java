package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/work-orders}: each filter alone and combined, and what a requester sees. */
class WorkOrderListFilterTest extends AbstractWorkOrderListTest {

  @Test
  void withoutFiltersTheDatasetIsAllThereNewestFirst() {
    assertThat(inDataset("")).containsExactly(7, 6, 5, 4, 3, 2, 1);
  }

  @Test
  void statusFiltersBySingleValue() {
    assertThat(inDataset("status=open")).containsExactlyInAnyOrder(1, 6, 7);
    assertThat(inDataset("status=in_progress")).containsExactlyInAnyOrder(2);
    assertThat(inDataset("status=on_hold")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("status=completed")).containsExactlyInAnyOrder(4);
    assertThat(inDataset("status=cancelled")).containsExactlyInAnyOrder(5);
  }

  @Test
  void statusCommaSeparatedMeansAnyOf() {
    assertThat(inDataset("status=open,in_progress")).containsExactlyInAnyOrder(1, 2, 6, 7);
    assertThat(inDataset("status=" + enc("completed,cancelled"))).containsExactlyInAnyOrder(4, 5);
  }

  @Test
  void statusRepeatedMeansAnyOf() {
    assertThat(inDataset("status=open&status=completed")).containsExactlyInAnyOrder(1, 4, 6, 7);
    assertThat(inDataset("status=on_hold,cancelled&status=completed"))
        .containsExactlyInAnyOrder(3, 4, 5);
    assertThat(inDataset("status=open&status=open")).containsExactlyInAnyOrder(1, 6, 7);
  }

  @Test
  void priorityFilters() {
    assertThat(inDataset("priority=high")).containsExactlyInAnyOrder(1, 7);
    assertThat(inDataset("priority=critical")).containsExactlyInAnyOrder(3);
    assertThat(inDataset("priority=low,critical")).containsExactlyInAnyOrder(2, 3, 6);
    assertThat(inDataset("priority=medium&priority=critical")).containsExactlyInAnyOrder(3, 4, 5);
  }

  @Test
  void assigneeFilters() {
    assertThat(inDataset("assignee_id=" + tech1)).containsExactlyInAnyOrder(1, 3, 7);
    assertThat(inDataset("assignee_id=" + tech2)).containsExactlyInAnyOrder(2, 5);
    assertThat(inDataset("assignee_id=" + tech1 + "," + tech2))
        .containsExactlyInAnyOrder(1, 2, 3, 5, 7);
    assertThat(inDataset("assignee_id=" + tech1 + "&assignee_id=" + tech2))
        .containsExactlyInAnyOrder(1, 2, 3, 5, 7);
    assertThat(inDataset("assignee_id=" + tech1.toUpperCase()))
        .as("UUIDs are not case-sensitive")
        .containsExactlyInAnyOrder(1, 3, 7);
  }

  @Test
  void assetFiltersAreExactAndCombineAsAnyOf() {
    assertThat(keys(ok("asset_id=" + assetA1 + "&limit=100").items()))
        .containsExactlyInAnyOrder(1, 2, 5, 7);
    assertThat(keys(ok("asset_id=" + assetA2 + "&limit=100").items()))
        .containsExactlyInAnyOrder(3, 4, 6);
    assertThat(keys(ok("asset_id=" + assetA1 + "," + assetA2 + "&limit=100").items()))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
    assertThat(keys(ok("asset_id=" + assetA1 + "&asset_id=" + assetA2 + "&limit=100").items()))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
    Http.Response unknown = ok("asset_id=" + java.util.UUID.randomUUID());
    assertThat(unknown.items()).isEmpty();
    assertThat(unknown.json().getValue("next_cursor")).isNull();
  }

  @Test
  void requesterFilters() {
    assertThat(inDataset("requester_id=" + requester1.id())).containsExactlyInAnyOrder(1, 3, 5);
    assertThat(inDataset("requester_id=" + requester2.id())).containsExactlyInAnyOrder(2, 4, 6, 7);
    assertThat(inDataset("requester_id=" + requester1.id() + "&requester_id=" + requester2.id()))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void dueBeforeIsStrictAndSkipsUndatedWorkOrders() {
    assertThat(inDataset("due_before=2030-01-10T10:00:00Z")).containsExactlyInAnyOrder(2, 5);
    assertThat(inDataset("due_before=2030-01-10T10:00:00.000001Z"))
        .containsExactlyInAnyOrder(1, 2, 5);
    assertThat(inDataset("due_before=2100-01-01T00:00:00Z"))
        .containsExactlyInAnyOrder(1, 2, 4, 5, 7);
    assertThat(inDataset("due_before=2000-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void dueAfterIsStrictAndSkipsUndatedWorkOrders() {
    assertThat(inDataset("due_after=2030-01-10T10:00:00Z")).containsExactlyInAnyOrder(4, 7);
    assertThat(inDataset("due_after=2030-01-10T09:59:59Z")).containsExactlyInAnyOrder(1, 4, 7);
    assertThat(inDataset("due_after=2000-01-01T00:00:00Z"))
        .containsExactlyInAnyOrder(1, 2, 4, 5, 7);
  }

  @Test
  void dueBeforeAndAfterTogetherMakeARange() {
    assertThat(inDataset("due_after=2030-01-01T00:00:00Z&due_before=2030-02-15T00:00:00Z"))
        .containsExactlyInAnyOrder(1, 2, 4);
    assertThat(inDataset("due_after=2030-02-15T00:00:00Z&due_before=2030-01-01T00:00:00Z"))
        .isEmpty();
  }

  @Test
  void dueFiltersHonourNegativeTimeZoneOffsets() {
    // 05:30-04:30 is 10:00Z, the due time of work order 1.
    assertThat(inDataset("due_before=" + enc("2030-01-10T05:30:00-04:30")))
        .containsExactlyInAnyOrder(2, 5);
    assertThat(inDataset("due_before=" + enc("2030-01-10T05:30:01-04:30")))
        .containsExactlyInAnyOrder(1, 2, 5);
    assertThat(inDataset("due_after=2030-01-10T05:30:00-04:30")).containsExactlyInAnyOrder(4, 7);
  }

  /**
   * A positive offset needs a '+', sent percent-encoded as %2B (a bare '+' means a space in a query
   * string). 11:00+01:00 is 10:00Z, the due time of work order 1.
   */
  @Test
  void dueFiltersHonourPositiveTimeZoneOffsets() {
    assertThat(inDataset("due_before=" + enc("2030-01-10T11:00:00+01:00")))
        .containsExactlyInAnyOrder(2, 5);
    assertThat(inDataset("due_after=" + enc("2030-01-10T11:00:00+01:00")))
        .containsExactlyInAnyOrder(4, 7);
    assertThat(inDataset("created_after=" + enc("2000-01-01T05:00:00+05:00"))).hasSize(7);
  }

  @Test
  void createdAfterIsStrict() {
    String fourth = dataset.get(4).getString("created_at");
    assertThat(inDataset("created_after=" + enc(fourth))).containsExactlyInAnyOrder(5, 6, 7);
    assertThat(inDataset("created_after=2000-01-01T00:00:00Z"))
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
    assertThat(inDataset("created_after=2999-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void filtersCombineWithAnd() {
    assertThat(inDataset("status=open&priority=high")).containsExactlyInAnyOrder(1, 7);
    assertThat(
            inDataset(
                "status=open&priority=high&assignee_id="
                    + tech1
                    + "&requester_id="
                    + requester2.id()))
        .containsExactlyInAnyOrder(7);
    assertThat(inDataset("requester_id=" + requester2.id() + "&priority=low"))
        .containsExactlyInAnyOrder(2, 6);
    assertThat(
            inDataset(
                "assignee_id=" + tech1 + "&status=open,on_hold&due_before=2030-02-01T00:00:00Z"))
        .containsExactlyInAnyOrder(1);
    assertThat(inDataset("q=pump&status=open")).containsExactlyInAnyOrder(1);
    assertThat(inDataset("q=pump&status=cancelled&priority=medium&requester_id=" + requester1.id()))
        .containsExactlyInAnyOrder(5);
    assertThat(
            inDataset(
                "created_after="
                    + enc(dataset.get(2).getString("created_at"))
                    + "&priority=low,high"))
        .containsExactlyInAnyOrder(6, 7);
    assertThat(inDataset("status=completed&priority=high")).isEmpty();
    assertThat(keys(ok("asset_id=" + assetA2 + "&assignee_id=" + tech1).items()))
        .containsExactly(3);
  }

  @Test
  void aFilteredListPagesLikeAnyOther() {
    List<JsonObject> all =
        walk("asset_id=" + assetA1 + "," + assetA2 + "&status=open,cancelled&sort=number", 2);
    assertThat(keys(new JsonArray(new ArrayList<>(all)))).containsExactly(1, 5, 6, 7);
  }

  @Test
  void aRequesterListsOnlyTheirOwnWorkOrders() {
    assertThat(keys(ok(requester1.token(), "limit=100").items()))
        .containsExactlyInAnyOrder(1, 3, 5);
    assertThat(keys(ok(requester2.token(), "limit=100&sort=number").items()))
        .containsExactly(2, 4, 6, 7);
    assertThat(ok(requester1.token(), "requester_id=" + requester2.id()).items()).isEmpty();
  }
}
