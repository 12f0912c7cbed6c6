package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
    return check(ConfigInput.of(given));
  }

  /**
   * The complete configuration: {@code input}'s keys over the defaults, with the values typed; a
   * problem names the variable or the file its key came from, and never shows a secret.
   *
   * @throws ConfigException naming every bad key, one problem per line
   */
  public static JsonObject check(ConfigInput input) {
    ConfigSchema schema = ConfigSchema.get();
    JsonObject config =
        Coercion.overlay(schema, DEFAULTS.copy(), Coercion.coerce(schema, input.values()));
    List<ConfigProblem> problems = new ArrayList<>(SchemaProblems.of(schema, config));
    List<ConfigProblem> rules = new ArrayList<>(ConfigRules.check(config));
    if (Profiles.PRODUCTION.equals(input.profile())) {
      rules.addAll(ProductionRules.check(config));
    }
    // The schema speaks first about a key: a rule about one whose value it refused adds nothing.
    Set<String> named = problems.stream().map(ConfigProblem::key).collect(Collectors.toSet());
    for (ConfigProblem problem : rules) {
      if (!named.contains(problem.key())) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty()) {
      List<String> secrets = secretValues(config);
      throw new ConfigException(
          problems.stream().map(p -> hide(input.describe(p), secrets)).toList());
    }
    return config;
  }

  /** The values of the secret keys, which no message may show. */
  private static List<String> secretValues(JsonObject config) {
    List<String> secrets = new ArrayList<>();
    for (String key : SchemaKeys.SECRET) {
      Object node = config;
      for (String part : key.split("\\.")) {
        node = node instanceof JsonObject object ? object.getValue(part) : null;
      }
      if (node instanceof String secret && !secret.isBlank()) {
        secrets.add(secret);
      }
    }
    return secrets;
  }

  private static String hide(String line, List<String> secrets) {
    String hidden = line;
    for (String secret : secrets) {
      hidden = hidden.replace(secret, "(secret)");
    }
    return hidden;
  }

  /** The defaults: the {@code conf/config.yaml} inside the jar, typed. */
  public static JsonObject defaults() {
    return DEFAULTS.copy();
  }

  /** Read as {@link ConfigLoader} reads a configuration file ({@link YamlFiles}). */
  private static JsonObject readDefaults() {
    List<String> problems = new ArrayList<>();
    JsonObject keys = YamlFiles.Source.ofResource(DEFAULTS_RESOURCE).read(problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
    return Coercion.coerce(ConfigSchema.get(), keys);
  }
}
