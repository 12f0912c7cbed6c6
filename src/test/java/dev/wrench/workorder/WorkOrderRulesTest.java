package dev.wrench.workorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.workorder.WorkOrderRules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkOrderRulesTest {

  private static final List<String> ROLES = List.of("admin", "manager", "technician", "requester");

  static Stream<Arguments> everyPairOfStatusesForEveryRole() {
    List<Arguments> cases = new ArrayList<>();
    for (String role : ROLES) {
      for (WorkOrderStatus from : WorkOrderStatus.values()) {
        for (WorkOrderStatus to : WorkOrderStatus.values()) {
          cases.add(Arguments.of(role, from, to));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("everyPairOfStatusesForEveryRole")
  void transitionVerdictFollowsTheConventions(
      String role, WorkOrderStatus from, WorkOrderStatus to) {
    Verdict expected;
    if (from == to) {
      // Not a move: the repository never asks (an unchanged field is no change), and it is
      // harmless.
      expected = Verdict.ALLOWED;
    } else if (!WorkOrderStatusTest.CONVENTIONS.get(from.wire()).contains(to.wire())) {
      expected = Verdict.INVALID_TRANSITION;
    } else if (from == WorkOrderStatus.COMPLETED && to == WorkOrderStatus.OPEN) {
      expected =
          role.equals("admin") || role.equals("manager") ? Verdict.ALLOWED : Verdict.ROLE_MAY_NOT;
    } else {
      expected = Verdict.ALLOWED;
    }
    assertThat(WorkOrderRules.checkTransition(from, to, role)).isEqualTo(expected);
  }

  @Test
  void allowedTransitionsAreTheMovesTheCallerMayMakeInStatusOrder() {
    assertThat(WorkOrderRules.allowedTransitions(WorkOrderStatus.OPEN, "technician"))
        .containsExactly(
            WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.ON_HOLD, WorkOrderStatus.CANCELLED);
    assertThat(WorkOrderRules.allowedTransitions(WorkOrderStatus.IN_PROGRESS, "admin"))
        .containsExactly(
            WorkOrderStatus.ON_HOLD, WorkOrderStatus.COMPLETED, WorkOrderStatus.CANCELLED);
    assertThat(WorkOrderRules.allowedTransitions(WorkOrderStatus.COMPLETED, "manager"))
        .containsExactly(WorkOrderStatus.OPEN);
    assertThat(WorkOrderRules.allowedTransitions(WorkOrderStatus.COMPLETED, "technician"))
        .as("reopening is not theirs")
        .isEmpty();
    assertThat(WorkOrderRules.allowedTransitions(WorkOrderStatus.CANCELLED, "admin")).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("everyPairOfStatusesForEveryRole")
  void allowedTransitionsAgreeWithTheVerdicts(
      String role, WorkOrderStatus from, WorkOrderStatus to) {
    boolean listed = WorkOrderRules.allowedTransitions(from, role).contains(to);
    assertThat(listed)
        .isEqualTo(from != to && WorkOrderRules.checkTransition(from, to, role) == Verdict.ALLOWED);
  }

  @Test
  void reopeningIsForAdminsAndManagersOnly() {
    assertThat(
            WorkOrderRules.checkTransition(
                WorkOrderStatus.COMPLETED, WorkOrderStatus.OPEN, "admin"))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(
            WorkOrderRules.checkTransition(
                WorkOrderStatus.COMPLETED, WorkOrderStatus.OPEN, "manager"))
        .isEqualTo(Verdict.ALLOWED);
    assertThat(
            WorkOrderRules.checkTransition(
                WorkOrderStatus.COMPLETED, WorkOrderStatus.OPEN, "technician"))
        .isEqualTo(Verdict.ROLE_MAY_NOT);
    assertThat(
            WorkOrderRules.checkTransition(
                WorkOrderStatus.COMPLETED, WorkOrderStatus.OPEN, "requester"))
        .isEqualTo(Verdict.ROLE_MAY_NOT);
    assertThat(
            WorkOrderRules.checkTransition(
                WorkOrderStatus.COMPLETED, WorkOrderStatus.OPEN, "ADMIN"))
        .as("roles are matched exactly")
        .isEqualTo(Verdict.ROLE_MAY_NOT);
    assertThat(
            WorkOrderRules.checkTransition(WorkOrderStatus.COMPLETED, WorkOrderStatus.OPEN, null))
        .isEqualTo(Verdict.ROLE_MAY_NOT);
  }

  @Test
  void anInvalidMoveIsInvalidWhateverTheRole() {
    for (String role : ROLES) {
      assertThat(
              WorkOrderRules.checkTransition(WorkOrderStatus.CANCELLED, WorkOrderStatus.OPEN, role))
          .isEqualTo(Verdict.INVALID_TRANSITION);
      assertThat(
              WorkOrderRules.checkTransition(WorkOrderStatus.OPEN, WorkOrderStatus.COMPLETED, role))
          .isEqualTo(Verdict.INVALID_TRANSITION);
      assertThat(
              WorkOrderRules.checkTransition(
                  WorkOrderStatus.COMPLETED, WorkOrderStatus.IN_PROGRESS, role))
          .isEqualTo(Verdict.INVALID_TRANSITION);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"admin", "manager"})
  void adminsAndManagersMayPatchAnyFieldOfAnyWorkOrder(String role) {
    Set<String> all =
        Set.of("title", "description", "status", "priority", "asset_id", "assignee_id", "due_at");
    assertThat(WorkOrderRules.mayPatch(role, false, all)).isTrue();
    assertThat(WorkOrderRules.mayPatch(role, true, all)).isTrue();
    assertThat(WorkOrderRules.mayPatch(role, false, Set.of("title"))).isTrue();
  }

  @Test
  void aTechnicianMayPatchOnlyTheStatusAndOnlyWhenAssigned() {
    assertThat(WorkOrderRules.mayPatch("technician", true, Set.of("status"))).isTrue();
    assertThat(WorkOrderRules.mayPatch("technician", false, Set.of("status"))).isFalse();
    assertThat(WorkOrderRules.mayPatch("technician", true, Set.of("status", "title"))).isFalse();
    for (String field :
        List.of("title", "description", "priority", "asset_id", "assignee_id", "due_at")) {
      assertThat(WorkOrderRules.mayPatch("technician", true, Set.of(field))).as(field).isFalse();
      assertThat(WorkOrderRules.mayPatch("technician", false, Set.of(field))).as(field).isFalse();
    }
    assertThat(WorkOrderRules.TECHNICIAN_PATCHABLE_FIELDS).containsExactly("status");
  }

  @ParameterizedTest
  @ValueSource(strings = {"requester", "guest", "Admin", ""})
  void everyOtherRoleMayPatchNothing(String role) {
    assertThat(WorkOrderRules.mayPatch(role, true, Set.of("status"))).isFalse();
    assertThat(WorkOrderRules.mayPatch(role, false, Set.of("title"))).isFalse();
  }

  @Test
  void formatNumberPadsToSixDigitsAndNeverTruncates() {
    assertThat(WorkOrderRules.formatNumber(1)).isEqualTo("WO-000001");
    assertThat(WorkOrderRules.formatNumber(3)).isEqualTo("WO-000003");
    assertThat(WorkOrderRules.formatNumber(123)).isEqualTo("WO-000123");
    assertThat(WorkOrderRules.formatNumber(999_999)).isEqualTo("WO-999999");
    assertThat(WorkOrderRules.formatNumber(1_000_000)).isEqualTo("WO-1000000");
    assertThat(WorkOrderRules.formatNumber(1_234_567)).isEqualTo("WO-1234567");
    assertThat(WorkOrderRules.formatNumber(Long.MAX_VALUE)).isEqualTo("WO-" + Long.MAX_VALUE);
  }

  @Test
  void formattedNumbersMatchTheContractPatternAndSortLikeTheirValuesWithinSixDigits() {
    for (long n : new long[] {1, 42, 999_999, 1_000_000, 12_345_678_901L}) {
      assertThat(WorkOrderRules.formatNumber(n)).matches("^WO-[0-9]{6,}$");
      assertThat(Long.parseLong(WorkOrderRules.formatNumber(n).substring(3))).isEqualTo(n);
    }
  }
}
