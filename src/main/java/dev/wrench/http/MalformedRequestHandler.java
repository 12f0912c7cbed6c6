package dev.wrench.http;

import dev.wrench.core.BusError;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Refuses, before any handler reads it, a request whose query string cannot be decoded (a {@code %}
 * not followed by two hex digits) or whose query values cannot be stored (NUL, a lone surrogate).
 * Without it the first reader of the parameters throws: a 500 on an ordinary route, and a request
 * that never ends when the body handler merges form attributes in its end handler.
 */
final class MalformedRequestHandler implements PlatformHandler {

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.query() != null) {
      io.vertx.core.MultiMap params;
      try {
        params = request.params();
      } catch (IllegalArgumentException malformed) {
        ctx.fail(
            new BusError(
                400,
                "validation",
                "the query string has a malformed percent escape",
                Problems.fieldError("/query", "is not a well-formed query string")));
        return;
      }
      for (java.util.Map.Entry<String, String> param : params) {
        if (!StorableText.isStorable(param.getKey())
            || !StorableText.isStorable(param.getValue())) {
          ctx.fail(
              new BusError(
                  400,
                  "validation",
                  "query parameter values " + StorableText.MESSAGE,
                  Problems.fieldError(
                      StorableText.isStorable(param.getKey())
                          ? "/query/" + param.getKey()
                          : "/query",
                      StorableText.MESSAGE)));
          return;
        }
      }
    }
    ctx.next();
  }
}
