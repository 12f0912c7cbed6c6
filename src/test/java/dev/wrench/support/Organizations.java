package dev.wrench.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Another organization for tenant tests: made through the API, with a first admin of its own. */
public final class Organizations {

  private static final String PASSWORD = "a-long-passphrase-42";

  private Organizations() {}

  /**
   * The token of the first admin of a new organization, made by the platform admin {@code admin}.
   */
  public static String newAdmin(Http http, String admin) {
    String email = "org-" + UUID.randomUUID().toString().substring(0, 8) + "@tenant.test";
    Http.Response org =
        http.post("/api/v1/organizations")
            .token(admin)
            .json(
                new JsonObject()
                    .put("name", "Other " + email)
                    .put(
                        "admin",
                        new JsonObject()
                            .put("email", email)
                            .put("name", "First")
                            .put("password", PASSWORD)))
            .send();
    assertThat(org.status()).as(org.toString()).isEqualTo(201);
    return Tokens.login(http, email, PASSWORD);
  }
}
