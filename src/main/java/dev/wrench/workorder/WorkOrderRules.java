package dev.wrench.workorder;

import dev.wrench.core.BusError;
import java.util.List;
import java.util.Set;

/** The business rules of changing a work order, free of I/O so that they are unit-tested alone. */
public final class WorkOrderRules {

  private WorkOrderRules() {}

  /**
   * Who may act on work order {@code w} as its assignee does (change its status, comment on it, log
   * time on it, answer its checklist): the technician it is assigned to, and every technician of
   * its team ({@code technicians.team_id = w.team_id}). The one statement of that rule, a condition
   * on the row (alias {@code w}) that every feature's SQL uses, {@code %s} the placeholder of the
   * caller's user id. A constant, so that other features use it without depending on this one.
   */
  public static final String ASSIGNED_TO_CALLER =
      "EXISTS (SELECT 1 FROM technicians me WHERE me.org_id = w.org_id AND me.user_id = %s"
          + " AND me.deleted_at IS NULL AND (me.id = w.assignee_id OR me.team_id = w.team_id))";

  /** The only field a technician may change, and only on work orders assigned to them. */
  public static final Set<String> TECHNICIAN_PATCHABLE_FIELDS = Set.of("status");

  /** Why a change is refused, or {@link Verdict#ALLOWED}. */
  public enum Verdict {
    ALLOWED,
    /** The state machine has no such move: 409. */
    INVALID_TRANSITION,
    /** The move exists but this role may not make it: 403. */
    ROLE_MAY_NOT
  }

  public static Verdict checkTransition(WorkOrderStatus from, WorkOrderStatus to, String role) {
    if (from == to) {
      return Verdict.ALLOWED;
    }
    if (!from.canMoveTo(to)) {
      return Verdict.INVALID_TRANSITION;
    }
    boolean reopening = from == WorkOrderStatus.COMPLETED && to == WorkOrderStatus.OPEN;
    if (reopening && !("admin".equals(role) || "manager".equals(role))) {
      return Verdict.ROLE_MAY_NOT;
    }
    return Verdict.ALLOWED;
  }

  /**
   * Where a work order in {@code from} may move for {@code role}, in the order of the statuses:
   * what a refused move's problem lists.
   */
  public static List<WorkOrderStatus> allowedTransitions(WorkOrderStatus from, String role) {
    return from.allowedNext().stream()
        .filter(to -> checkTransition(from, to, role) == Verdict.ALLOWED)
        .sorted()
        .toList();
  }

  /**
   * Whether {@code role} may change {@code fields} of a work order; {@code assignedToCaller} tells
   * whether its assignee is the caller's technician record.
   */
  public static boolean mayPatch(String role, boolean assignedToCaller, Set<String> fields) {
    return switch (role) {
      case "admin", "manager" -> true;
      case "technician" -> assignedToCaller && TECHNICIAN_PATCHABLE_FIELDS.containsAll(fields);
      default -> false;
    };
  }

  /** Whether {@code role} may set a work order's team (on create; a PATCH by {@link #mayPatch}). */
  public static boolean mayAssignTeam(String role) {
    return "admin".equals(role) || "manager".equals(role);
  }

  /**
   * Whether a caller may read a work order: a requester sees only those they requested, every other
   * role sees all of their organization's. The SQL applies the same rule; a cached row is checked
   * with this one.
   */
  public static boolean mayRead(String role, String userId, String requesterId) {
    return !"requester".equals(role) || userId.equals(requesterId);
  }

  /** The kinds of work order; generation makes {@code preventive} ones. */
  public static final List<String> TYPES =
      List.of("corrective", "preventive", "inspection", "emergency");

  /** {@code value} when it is one of {@link #TYPES}, else a 400 pointing at {@code pointer}. */
  public static String type(String value, String pointer) {
    if (!TYPES.contains(value)) {
      throw BusError.badRequest(pointer, "must be one of " + TYPES);
    }
    return value;
  }

  /** Human-readable work order numbers: WO-000123, never truncated past six digits. */
  public static String formatNumber(long number) {
    // Called for every work order in every response: plain padding, not String.format.
    String digits = Long.toString(number);
    return digits.length() >= 6
        ? "WO-" + digits
        : "WO-" + "000000".substring(digits.length()) + digits;
  }
}
