package dev.wrench.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One collection of the API ({@code /api/v1/assets}, say) as a caller with {@code token} uses it in
 * tests: create (asserting 201), patch at the resource's version, list.
 */
public final class Collection {

  private final Http http;
  private final String path;
  private final String token;

  public Collection(Http http, String path, String token) {
    this.http = http;
    this.path = path;
    this.token = token;
  }

  public JsonObject create(JsonObject body) {
    Http.Response response = http.post(path).token(token).json(body).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return response.json();
  }

  /** A merge patch with {@code If-Match} at the version {@code resource} has. */
  public Http.Response patch(JsonObject resource, JsonObject changes) {
    return http.patch(path + "/" + id(resource))
        .token(token)
        .header("If-Match", "\"" + resource.getInteger("version") + "\"")
        .mergePatch(changes)
        .send();
  }

  /** A create, answered as it is. */
  public Http.Response post(JsonObject body) {
    return http.post(path).token(token).json(body).send();
  }

  /** A create with an {@code Idempotency-Key}, answered as it is. */
  public Http.Response post(JsonObject body, String idempotencyKey) {
    return http.post(path).token(token).header("Idempotency-Key", idempotencyKey).json(body).send();
  }

  /** A delete with {@code If-Match: ifMatch}. */
  public Http.Response delete(JsonObject resource, String ifMatch) {
    return http.delete(path + "/" + id(resource)).token(token).header("If-Match", ifMatch).send();
  }

  public Http.Response list(String query) {
    return http.get(path + "?" + query).token(token).send();
  }

  /** The ids of the list page, which must be a 200. */
  public List<String> listIds(String query) {
    Http.Response response = list(query);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.items().stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  public static String id(JsonObject resource) {
    return resource.getString("id");
  }
}
