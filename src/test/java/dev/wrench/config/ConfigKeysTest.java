package dev.wrench.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wrench.app.AppConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.AbstractMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * One configuration source: every key of conf/config.yaml is read, once, by the records Wrench
 * starts from; the schema knows exactly the file's keys and refuses any other.
 */
class ConfigKeysTest {

  /**
   * Counts the keys read from a JSON tree: a value fetched by name, or every entry when a map is
   * walked (a map of free names such as {@code rate_limit.routes} is read whole).
   */
  private static final class Reads extends AbstractMap<String, Object> {
    private final Map<String, Object> tree;
    private final String path;
    private final Map<String, Integer> counts;

    Reads(Map<String, Object> tree, String path, Map<String, Integer> counts) {
      this.tree = tree;
      this.path = path;
      this.counts = counts;
    }

    @Override
    public Object get(Object key) {
      counts.merge(path + key, 1, Integer::sum);
      return wrap(String.valueOf(key), tree.get(key));
    }

    private Object wrap(String key, Object value) {
      return value instanceof JsonObject child
          ? new JsonObject(new Reads(child.getMap(), path + key + ".", counts))
          : value;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      Set<Entry<String, Object>> entries = new LinkedHashSet<>();
      tree.forEach(
          (key, value) -> {
            counts.merge(path + key, 1, Integer::sum);
            entries.add(new SimpleImmutableEntry<>(key, wrap(key, value)));
          });
      return entries;
    }
  }

  /**
   * The dotted keys of every value of {@code tree} (a non-empty map is not a value: its keys are).
   */
  private static Set<String> leaves(JsonObject tree, String prefix, Set<String> into) {
    for (String name : tree.fieldNames()) {
      Object value = tree.getValue(name);
      if (value instanceof JsonObject child && !child.isEmpty()) {
        leaves(child, prefix + name + ".", into);
      } else {
        into.add(prefix + name);
      }
    }
    return into;
  }

  /** Every dotted key of {@code tree}, maps included. */
  private static Set<String> keys(JsonObject tree, String prefix, Set<String> into) {
    for (String name : tree.fieldNames()) {
      into.add(prefix + name);
      if (tree.getValue(name) instanceof JsonObject child) {
        keys(child, prefix + name + ".", into);
      }
    }
    return into;
  }

  @Test
  void everyKeyOfTheFileIsReadByExactlyOneRecord() {
    JsonObject defaults = Configuration.defaults();
    JsonObject checked = Configuration.check(new JsonObject());
    assertThat(checked).as("with nothing given, the configuration is the file").isEqualTo(defaults);

    Map<String, Integer> reads = new TreeMap<>();
    AppConfig.from(new JsonObject(new Reads(checked.getMap(), "", reads)));

    Set<String> unread = new TreeSet<>(leaves(defaults, "", new TreeSet<>()));
    unread.removeAll(reads.keySet());
    assertThat(unread).as("keys of conf/config.yaml that no record reads").isEmpty();
    Set<String> unknown = new TreeSet<>(reads.keySet());
    unknown.removeAll(keys(defaults, "", new TreeSet<>()));
    assertThat(unknown).as("keys read that conf/config.yaml does not have").isEmpty();
    assertThat(reads)
        .as("keys read more than once")
        .allSatisfy((key, times) -> assertThat(times).as(key).isEqualTo(1));
  }

  @Test
  void theCheckCatchesAnUnreadKey() {
    Map<String, Integer> reads = new TreeMap<>();
    JsonObject checked = Configuration.check(new JsonObject());
    HttpConfig.from(new JsonObject(new Reads(checked.getMap(), "", reads)).getJsonObject("http"));
    Set<String> unread = new TreeSet<>(leaves(checked, "", new TreeSet<>()));
    unread.removeAll(reads.keySet());
    assertThat(unread).contains("database.url", "rate_limit.routes.issueToken");
    assertThat(unread).doesNotContain("http.port", "http.cors.allowed_origins");
  }

  @Test
  void theSchemaRefusesAnUnknownOrMisspelledKey() {
    assertThat(refused(WrenchConfigTest.with("http.prot", 8081)).problems())
        .containsExactly("http.prot is not a known key — did you mean http.port?");
    assertThat(refused(WrenchConfigTest.with("attachments.worker.pol_ms", 5)).problems())
        .containsExactly(
            "attachments.worker.pol_ms is not a known key — did you mean attachments.worker.poll_ms?");
    assertThat(refused(new JsonObject().put("rate-limit", new JsonObject())).problems())
        .containsExactly("rate-limit is not a known key — did you mean rate_limit?");
    assertThat(refused(new JsonObject().put("telemetry", true)).problems())
        .as("nothing near enough to suggest")
        .containsExactly("telemetry is not a known key");
    // The keys of a map of free names are checked by what they name instead.
    assertThat(refused(WrenchConfigTest.with("rate_limit.routes.list work orders", 5)).problems())
        .containsExactly("rate_limit.routes.list work orders is not an operationId");
  }

  @Test
  void everyEnvironmentVariableOverridesAKeyOfTheFile() {
    Set<String> keys = keys(Configuration.defaults(), "", new TreeSet<>());
    assertThat(ConfigLoader.ENVIRONMENT.values()).allSatisfy(key -> assertThat(keys).contains(key));
  }

  @Test
  void givenRecordsAreMergedIntoTheDefaultsAndGivenMapsReplaceThem() {
    JsonObject checked =
        Configuration.check(
            new JsonObject()
                .put("http", new JsonObject().put("port", "9090"))
                .put(
                    "rate_limit",
                    new JsonObject().put("routes", new JsonObject().put("listWorkOrders", 5))));
    assertThat(checked.getJsonObject("http").getValue("port")).isEqualTo(9090);
    assertThat(checked.getJsonObject("http").getString("host")).isEqualTo("0.0.0.0");
    assertThat(checked.getJsonObject("rate_limit").getJsonObject("routes"))
        .isEqualTo(new JsonObject().put("listWorkOrders", 5));
    assertThat(checked.getJsonObject("rate_limit").getInteger("per_minute")).isEqualTo(100);
  }

  @Test
  void aNullOrBlankNumberOrFlagKeepsItsDefaultButABlankListIsEmpty() {
    JsonObject given = WrenchConfigTest.with("http.port", null);
    WrenchConfigTest.with(given, "cache.enabled", " ");
    WrenchConfigTest.with(given, "attachments.allowed_types", "");
    JsonObject checked = Configuration.check(given);
    assertThat(checked.getJsonObject("http").getInteger("port")).isEqualTo(8080);
    assertThat(checked.getJsonObject("cache").getBoolean("enabled")).isTrue();
    assertThat(checked.getJsonObject("attachments").getJsonArray("allowed_types"))
        .isEqualTo(new JsonArray());
  }

  private static ConfigException refused(JsonObject json) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> Configuration.check(json));
    assertThat(e).as("config %s", json.encode()).isNotNull();
    return e;
  }
}
