package dev.wrench.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The permission matrix, role × operation, read from the {@code x-roles} extension of each
 * operation of the contract: the one place where it is written, documented and enforced. {@code
 * public} marks operations without authentication. Row rules (own work orders, assignments) are
 * enforced in SQL on top of this.
 */
public final class Permissions {

  public static final String PUBLIC = "public";
  public static final List<String> ROLES = List.of("admin", "manager", "technician", "requester");

  /**
   * The platform operator: not a tenant role but a grant some users hold besides theirs (the
   * bootstrap admin, users an operator grants it); operations that list it may be called by them.
   */
  public static final String PLATFORM_ADMIN = "platform_admin";

  private final Map<String, Set<String>> rolesByOperation;

  private Permissions(Map<String, Set<String>> rolesByOperation) {
    this.rolesByOperation = rolesByOperation;
  }

  public static Permissions from(OpenAPIContract contract) {
    Map<String, Set<String>> matrix = new HashMap<>();
    for (Operation operation : contract.operations()) {
      Object roles = operation.getExtensions().get("x-roles");
      if (!(roles instanceof JsonArray array) || array.isEmpty()) {
        throw new IllegalStateException(
            "operation " + operation.getOperationId() + " has no x-roles");
      }
      Set<String> set = array.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
      for (String role : set) {
        if (!role.equals(PUBLIC) && !role.equals(PLATFORM_ADMIN) && !ROLES.contains(role)) {
          throw new IllegalStateException(
              "operation " + operation.getOperationId() + " names unknown role " + role);
        }
      }
      matrix.put(operation.getOperationId(), set);
    }
    return new Permissions(Map.copyOf(matrix));
  }

  public boolean isPublic(String operationId) {
    return rolesByOperation.getOrDefault(operationId, Set.of()).contains(PUBLIC);
  }

  public boolean allows(String operationId, String role) {
    return rolesByOperation.getOrDefault(operationId, Set.of()).contains(role);
  }
}
