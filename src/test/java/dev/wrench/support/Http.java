package dev.wrench.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A small blocking HTTP client for tests, over Vert.x's WebClient and a real socket. */
public final class Http {

  private final WebClient client;
  private final int port;
  private final ContractValidator contract;

  Http(WebClient client, int port, ContractValidator contract) {
    this.client = client;
    this.port = port;
    this.contract = contract;
  }

  /**
   * A client of the service listening on {@code port} of this machine, from {@code vertx}; for
   * tests that deploy the service themselves (a {@link WrenchServer} has its own).
   */
  public static Http on(Vertx vertx, int port) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
    return new Http(client, port, ContractValidator.get(vertx));
  }

  /** As {@link #on(Vertx, int)}, checking answers against the contract at {@code contractPath}. */
  public static Http on(Vertx vertx, int port, String contractPath) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
    return new Http(client, port, ContractValidator.of(vertx, contractPath));
  }

  public int port() {
    return port;
  }

  ContractValidator contract() {
    return contract;
  }

  /** An answer: status, headers and body, read whole. */
  public record Response(int status, MultiMap headers, Buffer body) {
    public JsonObject json() {
      return body == null || body.length() == 0 ? null : body.toJsonObject();
    }

    public JsonArray items() {
      return json().getJsonArray("items");
    }

    public String header(String name) {
      return headers.get(name);
    }

    /** The check {@code id} of a {@code /health/ready} answer: {@code {id, status, data}}. */
    public JsonObject check(String id) {
      return json().getJsonArray("checks").stream()
          .map(JsonObject.class::cast)
          .filter(c -> id.equals(c.getString("id")))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no readiness check " + id + " in " + this));
    }

    @Override
    public String toString() {
      return status + " " + (body == null ? "" : body.toString());
    }
  }

  /** A request being built. */
  public final class Call {
    private final HttpMethod method;
    private final String path;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Buffer body;

    Call(HttpMethod method, String path) {
      this.method = method;
      this.path = path;
    }

    public Call token(String token) {
      return header("Authorization", "Bearer " + token);
    }

    public Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Call json(Object body) {
      headers.putIfAbsent("Content-Type", "application/json");
      this.body = Buffer.buffer(body instanceof JsonObject o ? o.encode() : body.toString());
      return this;
    }

    public Call mergePatch(JsonObject body) {
      headers.put("Content-Type", "application/merge-patch+json");
      this.body = body.toBuffer();
      return this;
    }

    public Call raw(String contentType, String body) {
      headers.put("Content-Type", contentType);
      this.body = Buffer.buffer(body);
      return this;
    }

    public Future<Response> sendAsync() {
      HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path);
      headers.forEach(request::putHeader);
      Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(body);
      return sent.map(
          r -> {
            // Every response a test receives must be one the contract describes.
            List<String> violations =
                contract.violations(
                    method.name(), path, r.statusCode(), r.getHeader("Content-Type"), r.body());
            if (!violations.isEmpty()) {
              throw new AssertionError(
                  "Response breaks openapi/wrench.yaml: "
                      + violations
                      + " — "
                      + r.statusCode()
                      + " "
                      + (r.body() == null ? "" : r.bodyAsString()));
            }
            return new Response(r.statusCode(), r.headers(), r.body());
          });
    }

    public Response send() {
      return await(sendAsync());
    }
  }

  public Call get(String path) {
    return new Call(HttpMethod.GET, path);
  }

  public Call post(String path) {
    return new Call(HttpMethod.POST, path);
  }

  public Call patch(String path) {
    return new Call(HttpMethod.PATCH, path);
  }

  public Call delete(String path) {
    return new Call(HttpMethod.DELETE, path);
  }

  public Call call(HttpMethod method, String path) {
    return new Call(method, path);
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
