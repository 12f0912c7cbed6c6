package dev.wrench.http.openapi;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** Root handlers that show a request to vertx-openapi 5.0.x in a form it reads correctly. */
public final class RequestFixes {

  private RequestFixes() {}

  /**
   * JSON merge patch bodies are JSON; the validator of vertx-openapi 5.0.x knows only {@code
   * application/json}, so it is shown that type.
   */
  public static void mergePatchAsJson(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase().startsWith("application/merge-patch+json")) {
      ctx.request().headers().set("Content-Type", "application/json");
    }
    ctx.next();
  }

  /**
   * vertx-openapi 5.0.7 URL-decodes query values that Vert.x has already decoded, so a "+" or "%"
   * sent percent-encoded (a date-time with "+01:00", a search for "100%") would be decoded twice.
   * Escaping them once more here makes the second decoding give the client's value.
   */
  public static void protectQueryFromSecondDecoding(RoutingContext ctx) {
    MultiMap params = ctx.request().params();
    for (String name : new ArrayList<>(params.names())) {
      List<String> values = params.getAll(name);
      if (values.stream().anyMatch(v -> v.indexOf('%') >= 0 || v.indexOf('+') >= 0)) {
        params.remove(name);
        values.forEach(v -> params.add(name, v.replace("%", "%25").replace("+", "%2B")));
      }
    }
    ctx.next();
  }
}
