package dev.wrench.support;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A page of {@link HeadlessChromium}, driven through the Chrome DevTools Protocol over its
 * WebSocket: navigate, read the page with JavaScript, click, and type as a keyboard would (so that
 * the page's own event handlers see the input). Calls block the test thread, never an event loop.
 */
public final class DevTools implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 30;

  private final WebSocketClient client;
  private final WebSocket socket;
  private final Map<Long, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final List<String> pageErrors = new CopyOnWriteArrayList<>();
  private String session;

  private DevTools(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
  }

  /** Opens a new blank page in the browser at {@code browserEndpoint}. */
  public static DevTools openPage(Vertx vertx, String browserEndpoint) {
    URI uri = URI.create(browserEndpoint);
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxFrameSize(16 * 1024 * 1024)
                .setMaxMessageSize(64 * 1024 * 1024));
    WebSocket socket =
        join(
            client.connect(
                new WebSocketConnectOptions()
                    .setHost(uri.getHost())
                    .setPort(uri.getPort())
                    .setURI(uri.getPath())
                    // Chromium refuses DevTools connections that name an origin it was not told of.
                    .setAllowOriginHeader(false)));
    DevTools devTools = new DevTools(client, socket);
    socket.textMessageHandler(devTools::received);
    String target =
        devTools
            .send("Target.createTarget", new JsonObject().put("url", "about:blank"))
            .getString("targetId");
    devTools.session =
        devTools
            .send(
                "Target.attachToTarget",
                new JsonObject().put("targetId", target).put("flatten", true))
            .getString("sessionId");
    devTools.send("Page.enable", new JsonObject());
    devTools.send("Runtime.enable", new JsonObject());
    return devTools;
  }

  private void received(String text) {
    JsonObject message = new JsonObject(text);
    Long id = message.getLong("id");
    if (id != null) {
      Promise<JsonObject> promise = pending.remove(id);
      if (promise == null) {
        return;
      }
      JsonObject error = message.getJsonObject("error");
      if (error != null) {
        promise.fail(new IllegalStateException("DevTools: " + error.encode()));
      } else {
        promise.complete(message.getJsonObject("result", new JsonObject()));
      }
      return;
    }
    String method = message.getString("method", "");
    JsonObject params = message.getJsonObject("params", new JsonObject());
    if (method.equals("Runtime.exceptionThrown")) {
      pageErrors.add(params.getJsonObject("exceptionDetails", new JsonObject()).encode());
    } else if (method.equals("Runtime.consoleAPICalled")
        && params.getString("type", "").equals("error")) {
      pageErrors.add(params.getJsonArray("args").encode());
    }
  }

  /** Sends one command (to the page once one is open) and waits for its result. */
  public JsonObject send(String method, JsonObject params) {
    long id = ids.incrementAndGet();
    Promise<JsonObject> promise = Promise.promise();
    pending.put(id, promise);
    JsonObject message = new JsonObject().put("id", id).put("method", method).put("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    join(socket.writeTextMessage(message.encode()));
    return join(promise.future());
  }

  /** Loads {@code url} in the page (returns once the navigation is under way). */
  public void navigate(String url) {
    send("Page.navigate", new JsonObject().put("url", url));
  }

  /** The value of a JavaScript expression evaluated in the page (promises awaited). */
  public Object evaluate(String expression) {
    JsonObject result =
        send(
            "Runtime.evaluate",
            new JsonObject()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      throw new IllegalStateException(
          "the page threw on " + expression + ": " + result.getJsonObject("exceptionDetails"));
    }
    return result.getJsonObject("result", new JsonObject()).getValue("value");
  }

  /** Waits until {@code expression} is truthy in the page; {@code what} names it on a timeout. */
  public void waitFor(String what, String expression) {
    await(what)
        .atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> truthy(evaluate("Boolean(" + expression + ")")));
  }

  /** Waits for the element that {@code selector} finds, then clicks it as the user would. */
  public void click(String selector) {
    waitFor("an element " + selector, "document.querySelector(" + quoted(selector) + ")");
    evaluate(
        "(() => { const e = document.querySelector("
            + quoted(selector)
            + "); e.scrollIntoView(); e.click(); })()");
  }

  /** Focuses the field that {@code selector} finds and types {@code text} into it. */
  public void type(String selector, String text) {
    waitFor("a field " + selector, "document.querySelector(" + quoted(selector) + ")");
    evaluate("document.querySelector(" + quoted(selector) + ").focus()");
    send("Input.insertText", new JsonObject().put("text", text));
  }

  /** The text of the element that {@code selector} finds, or null when there is none. */
  public String text(String selector) {
    Object text = evaluate("document.querySelector(" + quoted(selector) + ")?.innerText ?? null");
    return text == null ? null : text.toString();
  }

  /**
   * Errors the page reported (uncaught exceptions, {@code console.error}), for failure messages.
   */
  public List<String> pageErrors() {
    return List.copyOf(pageErrors);
  }

  /** A JavaScript string literal of {@code text}. */
  public static String quoted(String text) {
    return new io.vertx.core.json.JsonArray().add(text).encode().replaceAll("^\\[|\\]$", "");
  }

  private static boolean truthy(Object value) {
    return Boolean.TRUE.equals(value);
  }

  private static <T> T join(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("DevTools: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      join(socket.close());
    } finally {
      join(client.close());
    }
  }
}
