package dev.wrench.support;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * A real OTLP/HTTP endpoint for the tests ({@code POST /v1/traces}, protobuf): what an
 * OpenTelemetry Collector receives from Wrench's exporter, decoded with the OTLP protobuf classes
 * and kept.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** One received span: the fields the tests look at. */
  public record ReceivedSpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      Map<String, String> attributes) {}

  private final Vertx vertx;
  private final HttpServer server;
  private final Queue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();

  private OtlpReceiver(Vertx vertx) {
    this.vertx = vertx;
    this.server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  if (!"/v1/traces".equals(request.path())) {
                    request.response().setStatusCode(404).end();
                    return;
                  }
                  request
                      .body()
                      .onSuccess(
                          body -> {
                            try {
                              keep(ExportTraceServiceRequest.parseFrom(body.getBytes()));
                              request
                                  .response()
                                  .putHeader("content-type", "application/x-protobuf")
                                  .end(
                                      Buffer.buffer(
                                          ExportTraceServiceResponse.getDefaultInstance()
                                              .toByteArray()));
                            } catch (InvalidProtocolBufferException e) {
                              request.response().setStatusCode(400).end();
                            }
                          });
                });
  }

  public static OtlpReceiver start() {
    OtlpReceiver receiver = new OtlpReceiver(Vertx.vertx());
    Http.await(receiver.server.listen(0, "127.0.0.1"));
    return receiver;
  }

  /** The base URL for {@code otel.exporter.otlp.endpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ReceivedSpan> spansOf(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  private void keep(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
          spans.add(
              new ReceivedSpan(
                  hex.formatHex(span.getTraceId().toByteArray()),
                  hex.formatHex(span.getSpanId().toByteArray()),
                  hex.formatHex(span.getParentSpanId().toByteArray()),
                  span.getName(),
                  span.getKind().name(),
                  span.getAttributesList().stream()
                      .collect(
                          Collectors.toMap(KeyValue::getKey, OtlpReceiver::text, (a, b) -> a))));
        }
      }
    }
  }

  private static String text(KeyValue attribute) {
    var value = attribute.getValue();
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      default -> value.toString();
    };
  }

  @Override
  public void close() {
    Http.await(vertx.close());
  }
}
