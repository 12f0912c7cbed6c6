package dev.wrench.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Checks of problem+json answers, and cursors made by hand to test their refusal. */
public final class ProblemAssertions {

  private ProblemAssertions() {}

  /**
   * The answer is a problem+json of {@code status} and {@code type} (the slug, {@code
   * /problems/validation} say), its body's {@code status} the same.
   */
  public static void assertProblem(Http.Response response, int status, String type) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type"))
        .as(response.toString())
        .isEqualTo("application/problem+json");
    assertThat(response.json().getString("type")).as(response.toString()).isEqualTo(type);
    assertThat(response.json().getInteger("status")).as(response.toString()).isEqualTo(status);
  }

  /**
   * As {@link #assertProblem(Http.Response, int, String)}, and its {@code errors[]} name {@code
   * pointer}.
   */
  public static void assertProblem(
      Http.Response response, int status, String type, String pointer) {
    assertProblem(response, status, type);
    assertThat(pointers(response)).as(response.toString()).contains(pointer);
  }

  /** The pointers of the problem's {@code errors[]}. */
  public static List<String> pointers(Http.Response response) {
    JsonArray errors = response.json().getJsonArray("errors", new JsonArray());
    return errors.stream().map(e -> ((JsonObject) e).getString("pointer")).toList();
  }

  /** A cursor in the API's encoding (base64url JSON array) with any parts. */
  public static String cursorOf(Object... parts) {
    String json = new JsonArray(java.util.Arrays.asList(parts)).encode();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
