package dev.wrench.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * {@code GET /problems/<slug>}: the page a problem's {@code type} links to, saying what the problem
 * means and what to do. HTML for a browser (its Accept prefers text/html), JSON otherwise.
 */
final class ProblemPages {

  private ProblemPages() {}

  static void handle(RoutingContext ctx) {
    ProblemTypes.ProblemType type = ProblemTypes.of(ctx.pathParam("slug"));
    if (type == null) {
      ctx.fail(new HttpException(404, "no such problem type"));
      return;
    }
    // Public and the same for everyone: caches may keep it for a day.
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400");
    if (prefersHtml(ctx)) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8").end(html(type));
    } else {
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(type.toJson().encode());
    }
  }

  /** Whether text/html comes before application/json in the caller's Accept (by quality). */
  private static boolean prefersHtml(RoutingContext ctx) {
    for (var accepted : ctx.parsedHeaders().accept()) {
      String value = accepted.rawValue();
      if (value.startsWith("text/html")) {
        return true;
      }
      if (value.startsWith("application/json") || value.startsWith("*/*")) {
        return false;
      }
    }
    return false;
  }

  private static String html(ProblemTypes.ProblemType type) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>"
        + escape(type.title())
        + " · Wrench</title></head><body>\n<h1>"
        + escape(type.title())
        + "</h1>\n<p><code>"
        + escape(type.type())
        + "</code> · HTTP "
        + type.status()
        + "</p>\n<h2>What it means</h2>\n<p>"
        + escape(type.meaning())
        + "</p>\n<h2>What to do</h2>\n<p>"
        + escape(type.remedy())
        + "</p>\n<p><a href=\"/docs\">The API reference</a></p>\n</body></html>\n";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
