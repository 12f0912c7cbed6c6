package dev.wrench.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace of a request carried over a gap that Vert.x cannot see: a work order event is written
 * to the outbox inside the request's trace, but published later by the relay. The outbox row keeps
 * the W3C {@code traceparent} of the writer's span; the relay makes it current again while it sends
 * the event, so that the Kafka record and the event-bus message continue the request's trace.
 *
 * <p>With tracing off no span is ever current: {@link #currentTraceparent()} answers null after a
 * lookup in the Vert.x context, and nothing else runs.
 */
public final class TraceContext {

  private static final String TRACEPARENT = "traceparent";

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private TraceContext() {}

  /** The {@code traceparent} of the span current on this Vert.x context, or null. */
  public static String currentTraceparent() {
    Context current = Context.current();
    if (!Span.fromContext(current).getSpanContext().isValid()) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>(2);
    W3CTraceContextPropagator.getInstance().inject(current, carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  /**
   * Makes the span of {@code traceparent} the current parent until the scope closes; a no-op scope
   * when there is none.
   */
  public static Scope resume(String traceparent) {
    if (traceparent == null) {
      return Scope.noop();
    }
    Context parent =
        W3CTraceContextPropagator.getInstance()
            .extract(Context.root(), Collections.singletonMap(TRACEPARENT, traceparent), GETTER);
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      return Scope.noop();
    }
    return parent.makeCurrent();
  }
}
