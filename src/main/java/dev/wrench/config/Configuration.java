package dev.wrench.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The one way to a checked configuration: the defaults (the {@code conf/config.yaml} inside the
 * jar, the only place they are written down), the given keys over them (the configuration file and
 * the environment, as {@link ConfigLoader} merged them) typed by {@link Coercion}, then checked by
 * {@code conf/config.schema.json} and by {@link ConfigRules}. Every bad key is named at once.
 *
 * <p>Each area then builds its own typed record from its subtree of the result ({@code
 * HttpConfig.from(checked.getJsonObject("http"))}); the records hold no defaults.
 */
public final class Configuration {

  static final String DEFAULTS_RESOURCE = "conf/config.yaml";

  private static final JsonObject DEFAULTS = readDefaults();

  private Configuration() {}

  /**
   * The complete configuration: {@code given} over the defaults, with the values typed.
   *
   * @throws ConfigException naming every bad key, one problem per line
   */
  public static JsonObject check(JsonObject given) {
    ConfigSchema schema = ConfigSchema.get();
    JsonObject config =
        Coercion.overlay(schema, DEFAULTS.copy(), Coercion.coerce(schema, given.copy()));
    List<ConfigProblem> problems = new ArrayList<>(SchemaProblems.of(schema, config));
    // The schema speaks first about a key: a rule about one whose value it refused adds nothing.
    Set<String> named = problems.stream().map(ConfigProblem::key).collect(Collectors.toSet());
    for (ConfigProblem problem : ConfigRules.check(config)) {
      if (!named.contains(problem.key())) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.stream().map(ConfigProblem::toString).toList());
    }
    return config;
  }

  /** The defaults: the {@code conf/config.yaml} inside the jar, typed. */
  public static JsonObject defaults() {
    return DEFAULTS.copy();
  }

  /** Read as vertx-config's YAML store reads the configuration file (SnakeYAML, safe types). */
  private static JsonObject readDefaults() {
    Object document =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(ConfigSchema.readResource(DEFAULTS_RESOURCE));
    if (!(document instanceof Map<?, ?> map)) {
      throw new IllegalStateException(DEFAULTS_RESOURCE + " is not a map of keys");
    }
    return Coercion.coerce(ConfigSchema.get(), (JsonObject) json(map));
  }

  private static Object json(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((key, value) -> object.put(String.valueOf(key), json(value)));
      return object;
    }
    if (yaml instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(json(item)));
      return array;
    }
    return yaml;
  }
}
