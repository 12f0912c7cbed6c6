package dev.wrench.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver for tests: a real HTTP server on loopback. Each path has a behaviour: {@code
 * ok} answers 204, {@code fail} answers 500, {@code hang} keeps the request unanswered until {@link
 * #release}. Every request that arrives is kept (path, headers, raw body), answered or not.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One request as it arrived. */
  public record Received(String path, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String eventId() {
      return headers.get("webhook-id");
    }
  }

  public enum Mode {
    OK,
    FAIL,
    HANG
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private final Map<String, Queue<HttpServerRequest>> hung = new ConcurrentHashMap<>();
  private final AtomicInteger port = new AtomicInteger();

  public WebhookReceiver() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              String path = request.path();
                              received.add(
                                  new Received(
                                      path,
                                      MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                                      body.toString(StandardCharsets.UTF_8)));
                              switch (modes.getOrDefault(path, Mode.OK)) {
                                case OK -> request.response().setStatusCode(204).end();
                                case FAIL -> request.response().setStatusCode(500).end("boom");
                                case HANG ->
                                    hung.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>())
                                        .add(request);
                              }
                            }));
    port.set(Http.await(server.listen(0, "127.0.0.1")).actualPort());
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port.get() + path;
  }

  public void mode(String path, Mode mode) {
    modes.put(path, mode);
  }

  /** Answers every hung request of {@code path} (204) and answers the next ones at once. */
  public void release(String path) {
    modes.put(path, Mode.OK);
    Queue<HttpServerRequest> waiting = hung.getOrDefault(path, new ConcurrentLinkedQueue<>());
    vertx.runOnContext(
        v -> {
          HttpServerRequest request;
          while ((request = waiting.poll()) != null) {
            request.response().setStatusCode(204).end();
          }
        });
  }

  public int hanging(String path) {
    return hung.getOrDefault(path, new ConcurrentLinkedQueue<>()).size();
  }

  public List<Received> at(String path) {
    List<Received> list = new ArrayList<>();
    for (Received r : received) {
      if (r.path().equals(path)) {
        list.add(r);
      }
    }
    return list;
  }

  /** The requests to {@code path} about the work order {@code subject}. */
  public List<Received> about(String path, String subject) {
    return at(path).stream().filter(r -> subject.equals(r.json().getString("subject"))).toList();
  }

  /**
   * Verifies a Standard Webhooks signature header independently of the server's code: true when one
   * of its signatures is the HMAC-SHA256 of "id.timestamp.body" under {@code secret}.
   */
  public static boolean signedWith(Received request, String secret) {
    String id = request.headers().get("webhook-id");
    String timestamp = request.headers().get("webhook-timestamp");
    String header = request.headers().get("webhook-signature");
    if (id == null || timestamp == null || header == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String expected =
          "v1,"
              + Base64.getEncoder()
                  .encodeToString(
                      mac.doFinal(
                          (id + "." + timestamp + "." + request.body())
                              .getBytes(StandardCharsets.UTF_8)));
      for (String signature : header.split(" ")) {
        if (java.security.MessageDigest.isEqual(
            signature.getBytes(StandardCharsets.UTF_8),
            expected.getBytes(StandardCharsets.UTF_8))) {
          return true;
        }
      }
      return false;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    hung.keySet().forEach(this::release);
    Http.await(vertx.close());
  }
}
