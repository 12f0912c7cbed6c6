package dev.wrench.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Helpers for the keyset-paginated collections: walking every page, checking an order. */
public final class Pages {

  private Pages() {}

  /**
   * Every item of a collection, page by page with {@code limit}: each page is a 200, full unless it
   * is the last, and the last one says {@code next_cursor: null}.
   */
  public static List<JsonObject> collect(Http http, String token, String pathAndQuery, int limit) {
    List<JsonObject> all = new ArrayList<>();
    String separator = pathAndQuery.contains("?") ? "&" : "?";
    String cursor = null;
    for (int page = 0; page < 1000; page++) {
      String path =
          pathAndQuery
              + separator
              + "limit="
              + limit
              + (cursor == null ? "" : "&cursor=" + encode(cursor));
      Http.Response response = http.get(path).token(token).send();
      assertThat(response.status()).as("%s -> %s", path, response).isEqualTo(200);
      List<JsonObject> items = response.items().stream().map(JsonObject.class::cast).toList();
      assertThat(items).as("page size of %s", path).hasSizeLessThanOrEqualTo(limit);
      all.addAll(items);
      cursor = response.json().getString("next_cursor");
      if (cursor == null) {
        return all;
      }
      assertThat(items).as("a page that is not the last is full: %s", path).hasSize(limit);
    }
    throw new AssertionError(
        "more than 1000 pages of " + pathAndQuery + ": the cursor does not advance");
  }

  public static List<String> ids(List<JsonObject> items) {
    return items.stream().map(o -> o.getString("id")).toList();
  }

  /**
   * The order a {@code sort} parameter promises: the field ({@code -} for descending), then the id
   * as the tie-breaker in the same direction. Ids compare as PostgreSQL compares uuids (byte order,
   * the same as their lower-case text). Names are compared as plain strings: tests use lower-case
   * ASCII names whose order is the same in every collation.
   */
  public static Comparator<JsonObject> order(String sort) {
    boolean descending = sort.startsWith("-");
    String field = descending ? sort.substring(1) : sort;
    Comparator<JsonObject> byField =
        field.endsWith("_at")
            ? Comparator.comparing(o -> Instant.parse(o.getString(field)))
            : Comparator.comparing(o -> o.getString(field));
    Comparator<JsonObject> order = byField.thenComparing(o -> o.getString("id").toLowerCase());
    return descending ? order.reversed() : order;
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
