package dev.wrench.core;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Who is asking: the authenticated user, their organization (tenant) and role. {@code siteScoped}:
 * the user is limited to some of the organization's sites (which ones, the database knows and
 * enforces in SQL); such a caller's reads never come from the shared cache.
 */
public record Actor(UUID userId, UUID orgId, String role, boolean siteScoped) {

  public Actor(UUID userId, UUID orgId, String role) {
    this(userId, orgId, role, false);
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("user_id", userId.toString())
            .put("org_id", orgId.toString())
            .put("role", role);
    if (siteScoped) {
      json.put("site_scoped", true);
    }
    return json;
  }

  public static Actor fromJson(JsonObject json) {
    return new Actor(
        UUID.fromString(json.getString("user_id")),
        UUID.fromString(json.getString("org_id")),
        json.getString("role"),
        json.getBoolean("site_scoped", false));
  }

  public boolean hasRole(String candidate) {
    return role.equals(candidate);
  }
}
