package dev.wrench.workorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class WorkOrderStatusTest {

  /**
   * The allowed moves, copied from the API conventions: open→in_progress|on_hold|cancelled;
   * in_progress→on_hold|completed|cancelled; on_hold→in_progress|cancelled; completed→open.
   */
  static final Map<String, Set<String>> CONVENTIONS =
      Map.of(
          "open", Set.of("in_progress", "on_hold", "cancelled"),
          "in_progress", Set.of("on_hold", "completed", "cancelled"),
          "on_hold", Set.of("in_progress", "cancelled"),
          "completed", Set.of("open"),
          "cancelled", Set.of());

  static Stream<Arguments> everyPairOfStatuses() {
    List<Arguments> pairs = new ArrayList<>();
    for (WorkOrderStatus from : WorkOrderStatus.values()) {
      for (WorkOrderStatus to : WorkOrderStatus.values()) {
        pairs.add(Arguments.of(from, to));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPairOfStatuses")
  void canMoveToExactlyAsTheConventionsSay(WorkOrderStatus from, WorkOrderStatus to) {
    boolean expected = CONVENTIONS.get(from.wire()).contains(to.wire());
    assertThat(from.canMoveTo(to)).isEqualTo(expected);
    assertThat(from.allowedNext().contains(to)).isEqualTo(expected);
  }

  @Test
  void theConventionsTableCoversEveryStatus() {
    assertThat(CONVENTIONS.keySet())
        .containsExactlyInAnyOrder(
            Stream.of(WorkOrderStatus.values()).map(WorkOrderStatus::wire).toArray(String[]::new));
  }

  @Test
  void cancelledIsFinalAndCompletedOnlyReopens() {
    assertThat(WorkOrderStatus.CANCELLED.allowedNext()).isEmpty();
    assertThat(WorkOrderStatus.COMPLETED.allowedNext()).containsExactly(WorkOrderStatus.OPEN);
  }

  @ParameterizedTest
  @EnumSource(WorkOrderStatus.class)
  void noStatusListsItselfAsAMove(WorkOrderStatus status) {
    assertThat(status.canMoveTo(status)).isFalse();
  }

  @Test
  void wireNamesAreLowerSnakeCaseAndRoundTrip() {
    assertThat(Stream.of(WorkOrderStatus.values()).map(WorkOrderStatus::wire))
        .containsExactly("open", "in_progress", "on_hold", "completed", "cancelled");
    for (WorkOrderStatus status : WorkOrderStatus.values()) {
      assertThat(WorkOrderStatus.fromWire(status.wire())).isSameAs(status);
    }
  }

  @Test
  void fromWireRefusesUnknownOrDifferentlyCasedNames() {
    for (String bad : new String[] {"OPEN", "In_Progress", "in-progress", "done", "", " open"}) {
      assertThatThrownBy(() -> WorkOrderStatus.fromWire(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> WorkOrderStatus.fromWire(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allowedNextIsACopyThatCallersCannotCorrupt() {
    Set<WorkOrderStatus> next = WorkOrderStatus.OPEN.allowedNext();
    try {
      next.add(WorkOrderStatus.COMPLETED);
    } catch (UnsupportedOperationException ignored) {
      // an unmodifiable set is as good
    }
    assertThat(WorkOrderStatus.OPEN.allowedNext())
        .isEqualTo(
            EnumSet.of(
                WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.ON_HOLD, WorkOrderStatus.CANCELLED));
  }
}
