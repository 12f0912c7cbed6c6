package dev.wrench.workorder;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life of a work order. Moves outside {@link #allowedNext()} are refused; reopening a completed
 * work order is allowed, but only to managers (checked by {@link WorkOrderRules#checkTransition}).
 */
public enum WorkOrderStatus {
  OPEN,
  IN_PROGRESS,
  ON_HOLD,
  COMPLETED,
  CANCELLED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static WorkOrderStatus fromWire(String value) {
    for (WorkOrderStatus status : values()) {
      if (status.wire().equals(value)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown status: " + value);
  }

  public Set<WorkOrderStatus> allowedNext() {
    return switch (this) {
      case OPEN -> EnumSet.of(IN_PROGRESS, ON_HOLD, CANCELLED);
      case IN_PROGRESS -> EnumSet.of(ON_HOLD, COMPLETED, CANCELLED);
      case ON_HOLD -> EnumSet.of(IN_PROGRESS, CANCELLED);
      case COMPLETED -> EnumSet.of(OPEN);
      case CANCELLED -> EnumSet.noneOf(WorkOrderStatus.class);
    };
  }

  public boolean canMoveTo(WorkOrderStatus next) {
    return allowedNext().contains(next);
  }
}
