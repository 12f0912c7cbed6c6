package dev.wrench.api;

import io.vertx.core.json.JsonObject;

/** The cache without Redis: the embedded default. */
class CacheApiInProcessTest extends CacheApiTestBase {

  @Override
  protected JsonObject overrides() {
    return new JsonObject();
  }
}
