package dev.wrench.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wrench.support.Http;
import io.vertx.core.json.JsonObject;

/** The calls of the public request intake tests: links made by staff, requests filed without. */
final class PublicIntakeCalls {

  static final String PUBLIC_REQUESTS = "/public/requests";

  private final Http http;

  PublicIntakeCalls(Http http) {
    this.http = http;
  }

  static String links(String assetId) {
    return "/api/v1/assets/" + assetId + "/request-links";
  }

  Http.Response makeLink(String token, String assetId) {
    return http.post(links(assetId)).token(token).send();
  }

  /** A new link of {@code assetId} made by {@code token}'s user: its JSON, with its token. */
  JsonObject link(String token, String assetId) {
    Http.Response made = makeLink(token, assetId);
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return made.json();
  }

  /** An anonymous filing (no Authorization header) with link token {@code linkToken}. */
  Http.Response file(String linkToken, String title) {
    return http.post(PUBLIC_REQUESTS)
        .json(
            new JsonObject()
                .put("token", linkToken)
                .put("title", title)
                .put("description", "by the loading dock")
                .put("contact", "Sam, ext. 214"))
        .send();
  }

  Http.Response status(String requestId, String statusToken) {
    String path = PUBLIC_REQUESTS + "/" + requestId;
    return http.get(statusToken == null ? path : path + "?status_token=" + statusToken).send();
  }

  /** How many requests of {@code assetId} the admin sees. */
  int requestsOf(String admin, String assetId) {
    Http.Response list =
        http.get("/api/v1/requests?limit=100&asset_id=" + assetId).token(admin).send();
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    return list.items().size();
  }
}
