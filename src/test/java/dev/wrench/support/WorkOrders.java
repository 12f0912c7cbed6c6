package dev.wrench.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

/**
 * Work orders made through the API as a test's fixture: the one way tests create them when the
 * creation itself is not what they check. A create that is not a 201 fails the test, saying what
 * was sent and what came back.
 */
public final class WorkOrders {

  public static final String PATH = "/api/v1/work-orders";

  private WorkOrders() {}

  /**
   * Creates a work order from {@code body} as the caller of {@code token}: the created resource.
   */
  public static JsonObject create(Http http, String token, JsonObject body) {
    Http.Response created = http.post(PATH).token(token).json(body).send();
    assertThat(created.status())
        .as("creating a work order from %s: %s", body.encode(), created)
        .isEqualTo(201);
    return created.json();
  }

  /** Creates a work order with only a {@code title}: the created resource. */
  public static JsonObject create(Http http, String token, String title) {
    return create(http, token, new JsonObject().put("title", title));
  }
}
