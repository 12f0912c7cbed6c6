package dev.wrench.bus;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Who is asking: the authenticated user, their organization (tenant) and role. */
public record Actor(UUID userId, UUID orgId, String role) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("user_id", userId.toString())
        .put("org_id", orgId.toString())
        .put("role", role);
  }

  public static Actor fromJson(JsonObject json) {
    return new Actor(
        UUID.fromString(json.getString("user_id")),
        UUID.fromString(json.getString("org_id")),
        json.getString("role"));
  }

  public boolean hasRole(String candidate) {
    return role.equals(candidate);
  }
}
