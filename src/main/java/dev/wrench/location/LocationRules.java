package dev.wrench.location;

import dev.wrench.core.BusError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The rules of the location tree, free of I/O. A location's path is the ids from the root down to
 * itself; a move is refused when the new parent's path passes through the moved location (the
 * parent would be the location itself or one of its descendants).
 */
public final class LocationRules {

  private LocationRules() {}

  /** The path of a location {@code id} under a parent whose path is {@code parentPath}. */
  public static UUID[] pathUnder(UUID[] parentPath, UUID id) {
    if (parentPath != null && Arrays.asList(parentPath).contains(id)) {
      throw BusError.unprocessable(
          "/parent_id", "a location cannot be moved under itself or one of its descendants");
    }
    List<UUID> path = new ArrayList<>(parentPath == null ? List.of() : Arrays.asList(parentPath));
    path.add(id);
    return path.toArray(UUID[]::new);
  }

  /**
   * The path prefix replacing the moved location's own (everything above it): the new parent's
   * path, or nothing at the root. Its descendants keep their path below the moved location.
   */
  public static UUID[] newPrefix(UUID[] parentPath, UUID id) {
    UUID[] path = pathUnder(parentPath, id);
    return Arrays.copyOf(path, path.length - 1);
  }
}
