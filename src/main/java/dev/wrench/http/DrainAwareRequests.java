package dev.wrench.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;

/**
 * The HTTP server's request handler: the router, and while the process drains (SIGTERM) every
 * answer ends its connection, so that keep-alive clients open their next request elsewhere before
 * this listener closes, instead of sending it on a connection that is about to close under it.
 */
public final class DrainAwareRequests implements Handler<HttpServerRequest> {

  private final Router router;
  private final LocalMap<String, Object> runtime;

  DrainAwareRequests(Router router, LocalMap<String, Object> runtime) {
    this.router = router;
    this.runtime = runtime;
  }

  /** The router every request goes to. */
  public Router router() {
    return router;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (runtime.get(HttpVerticle.DRAINING) != null) {
      request.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    router.handle(request);
  }
}
