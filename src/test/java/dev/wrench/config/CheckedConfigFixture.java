package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wrench.app.AppConfig;
import io.vertx.core.json.JsonObject;

/**
 * What the tests of the checked configuration ({@link Configuration#check}, through {@link
 * AppConfig#load}) share: building a configuration by dotted keys, and the refusal of one.
 */
abstract class CheckedConfigFixture {

  /** {@code {"a": {"b": value}}} for the dotted key "a.b". */
  static JsonObject with(String dottedKey, Object value) {
    return with(new JsonObject(), dottedKey, value);
  }

  static JsonObject with(JsonObject root, String dottedKey, Object value) {
    String[] parts = dottedKey.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      if (node.getJsonObject(parts[i]) == null) {
        node.put(parts[i], new JsonObject());
      }
      node = node.getJsonObject(parts[i]);
    }
    node.put(parts[parts.length - 1], value);
    return root;
  }

  static ConfigException refused(JsonObject json) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AppConfig.load(json));
    assertThat(e).as("config %s", json.encode()).isNotNull();
    return e;
  }
}
