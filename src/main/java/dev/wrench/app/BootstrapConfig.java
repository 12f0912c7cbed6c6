package dev.wrench.app;

import io.vertx.core.json.JsonObject;

/**
 * {@code bootstrap}: the first admin of the default organization, made by {@link FirstAdmin} while
 * it has no user; with no password one is generated into {@code passwordFile}.
 */
public record BootstrapConfig(String adminEmail, String adminPassword, String passwordFile) {

  /** From the checked {@code bootstrap} subtree. */
  public static BootstrapConfig from(JsonObject bootstrap) {
    return new BootstrapConfig(
        bootstrap.getString("admin_email"),
        bootstrap.getString("admin_password"),
        bootstrap.getString("password_file"));
  }

  /** Never the password. */
  @Override
  public String toString() {
    return "BootstrapConfig["
        + adminEmail
        + (adminPassword.isEmpty() ? ", generated password" : ", password given")
        + " ("
        + passwordFile
        + ")]";
  }
}
