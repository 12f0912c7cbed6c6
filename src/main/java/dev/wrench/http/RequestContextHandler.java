package dev.wrench.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * First on every request: the request id (the caller's if it is a sane token, else a new one), the
 * security headers of the conventions, so that every response carries them, errors included, and
 * the access-log line when the request ends ({@link RequestLog}).
 */
public final class RequestContextHandler implements PlatformHandler {

  public static final String REQUEST_ID = "X-Request-Id";
  private static final String KEY = "wrench.request-id";
  private static final Pattern SANE = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

  /** For pages (the API docs) that need scripts and styles of their own origin. */
  public static final String DOCS_CSP =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'";

  private final RouteTemplates templates;

  RequestContextHandler(RouteTemplates templates) {
    this.templates = templates;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(ended -> RequestLog.access(ctx, templates, started, ended.succeeded()));
    String offered = ctx.request().getHeader(REQUEST_ID);
    String id = offered != null && SANE.matcher(offered).matches() ? offered : newRequestId();
    ctx.put(KEY, id);
    // Read now: the server span is current while the request starts, not when it has ended.
    String trace = RequestLog.traceId(ctx.request());
    if (trace != null) {
      ctx.put(RequestLog.TRACE_ID_KEY, trace);
    }
    HttpServerResponse response = ctx.response();
    response
        .putHeader(REQUEST_ID, id)
        .putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .putHeader("Cache-Control", "no-store");
    ctx.next();
  }

  public static String requestId(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "" : id;
  }

  /**
   * A random version-4 UUID from the thread's own generator: request ids need uniqueness, not
   * secrecy, and {@code UUID.randomUUID()} serializes every event loop on one SecureRandom.
   */
  private static String newRequestId() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
