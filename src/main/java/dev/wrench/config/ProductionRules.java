package dev.wrench.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code WRENCH_PROFILE=prod} refuses what is there for development only: the embedded database, a
 * generated admin password, webhooks to private addresses, CORS for every origin. Each is one
 * problem, all listed at once.
 */
final class ProductionRules {

  private ProductionRules() {}

  static List<ConfigProblem> check(JsonObject config) {
    List<ConfigProblem> problems = new ArrayList<>();
    JsonObject database = config.getJsonObject("database", new JsonObject());
    if (database.getString("url", "").isBlank()) {
      problems.add(
          new ConfigProblem(
              "database.url",
              "is empty: the prod profile refuses the embedded database (set DATABASE_URL)"));
    }
    JsonObject bootstrap = config.getJsonObject("bootstrap", new JsonObject());
    if (bootstrap.getString("admin_password", "").isEmpty()) {
      problems.add(
          new ConfigProblem(
              "bootstrap.admin_password",
              "is empty: the prod profile refuses a generated admin password"
                  + " (set BOOTSTRAP_ADMIN_PASSWORD or BOOTSTRAP_ADMIN_PASSWORD_FILE)"));
    }
    JsonObject webhooks =
        config.getJsonObject("notifications", new JsonObject()).getJsonObject("webhooks");
    if (webhooks != null && Boolean.TRUE.equals(webhooks.getValue("allow_private_targets"))) {
      problems.add(
          new ConfigProblem(
              "notifications.webhooks.allow_private_targets",
              "is true: the prod profile refuses webhooks to private addresses"));
    }
    JsonObject cors = config.getJsonObject("http", new JsonObject()).getJsonObject("cors");
    if (cors != null
        && cors.getValue("allowed_origins") instanceof JsonArray origins
        && origins.contains("*")) {
      problems.add(
          new ConfigProblem(
              "http.cors.allowed_origins", "allows every origin (*): the prod profile refuses it"));
    }
    return problems;
  }
}
