package dev.wrench.api;

import io.vertx.core.json.JsonObject;

/** Rate limits without Redis: this instance's own windows. */
class RateLimitApiInProcessTest extends RateLimitApiTestBase {

  @Override
  protected JsonObject backend() {
    return new JsonObject();
  }
}
