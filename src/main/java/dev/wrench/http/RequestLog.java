package dev.wrench.http;

import dev.wrench.auth.BearerTokenHandler;
import dev.wrench.core.Actor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Log lines of a request carry who and what it is in their MDC: {@code request_id}, {@code
 * trace_id} (the OpenTelemetry trace of the request when tracing is on, else the one of a W3C
 * {@code traceparent} header), {@code org_id} and {@code user_id} (the tenant and the caller, once
 * authenticated). An event loop serves many requests in turn, so the MDC is set around each log
 * call, never left on the thread. And one access-log line per request (logger {@code
 * wrench.access}): method, route template, status, duration, bytes. Nothing else of the request is
 * logged: no header, query or body can bring a token or password in.
 */
public final class RequestLog {

  private static final Logger ACCESS = LoggerFactory.getLogger("wrench.access");
  private static final Pattern TRACEPARENT =
      Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
  private static final String[] KEYS = {"request_id", "trace_id", "org_id", "user_id"};

  /**
   * Where {@link RateLimitHandler} keeps the principal it charged: the caller of a request refused
   * before authentication ran (a 429).
   */
  static final String PRINCIPAL_KEY = "wrench.rate-limit.principal";

  /** Where {@link RequestContextHandler} keeps the request's trace id. */
  static final String TRACE_ID_KEY = "wrench.trace-id";

  private RequestLog() {}

  /** Runs {@code log} (one logging call) with the request's MDC set. */
  public static void with(RoutingContext ctx, Runnable log) {
    MDC.put("request_id", RequestContextHandler.requestId(ctx));
    String trace = ctx.get(TRACE_ID_KEY);
    if (trace != null) {
      MDC.put("trace_id", trace);
    }
    Actor authenticated = BearerTokenHandler.actor(ctx);
    Actor actor = authenticated != null ? authenticated : ctx.get(PRINCIPAL_KEY);
    if (actor != null) {
      MDC.put("org_id", actor.orgId().toString());
      MDC.put("user_id", actor.userId().toString());
    }
    try {
      log.run();
    } finally {
      for (String key : KEYS) {
        MDC.remove(key);
      }
    }
  }

  /**
   * The trace of the server span when tracing is on (the span Vert.x started for this request is
   * current on its context), else the trace id of the caller's {@code traceparent} header.
   */
  static String traceId(HttpServerRequest request) {
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      return span.getTraceId();
    }
    String header = request.getHeader("traceparent");
    if (header == null) {
      return null;
    }
    Matcher m = TRACEPARENT.matcher(header);
    return m.matches() ? m.group(1) : null;
  }

  /** The access-log line, when the response has been sent (or the connection lost). */
  static void access(
      RoutingContext ctx, RouteTemplates templates, long startedNanos, boolean sent) {
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    long micros = (System.nanoTime() - startedNanos) / 1_000;
    Route route = ctx.currentRoute();
    // The template, never the raw path: ids would make every line unique to aggregate. After a
    // failure the current route is the failure handler's, which has no path.
    String template =
        route != null && route.getPath() != null ? route.getPath() : templates.of(ctx.request());
    int status = ctx.response().getStatusCode();
    with(
        ctx,
        () ->
            ACCESS
                .atInfo()
                .addKeyValue("method", ctx.request().method().name())
                .addKeyValue("route", template)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", micros / 1000.0)
                .addKeyValue("bytes_sent", ctx.response().bytesWritten())
                .addKeyValue("completed", sent)
                .log(
                    "{} {} {} {} ms{}",
                    ctx.request().method(),
                    template,
                    status,
                    micros / 1000.0,
                    sent ? "" : " (connection closed before the response was sent)"));
  }
}
