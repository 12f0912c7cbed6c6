package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The configuration as given ({@link ConfigLoader#load}), before the defaults: its keys, where each
 * came from (a dotted key → the variable that set it, or the file), and the profile chosen ({@code
 * WRENCH_PROFILE}; empty for none).
 */
public record ConfigInput(JsonObject values, Map<String, String> origins, String profile) {

  public ConfigInput {
    values = values.copy();
    origins = Map.copyOf(origins);
  }

  /** A copy: the record keeps its own. */
  @Override
  public JsonObject values() {
    return values.copy();
  }

  /** Keys given with nothing said of where from (a test's keys, a verticle's config). */
  public static ConfigInput of(JsonObject values) {
    return new ConfigInput(values, Map.of(), "");
  }

  /**
   * A problem as its reader fixes it: the variable that set the key ({@code HTTP_PORT (http.port)
   * must be ...}), or the file ({@code /etc/wrench.yaml: http.prot is not a known key ...}); a key
   * no one gave (a default that a rule across keys refuses) is named alone.
   */
  String describe(ConfigProblem problem) {
    String origin = originOf(problem.key());
    if (origin == null) {
      return problem.toString();
    }
    if (isVariable(origin)) {
      return origin + " (" + problem.key() + ") " + problem.message();
    }
    return origin + ": " + problem;
  }

  private static boolean isVariable(String origin) {
    String variable =
        origin.endsWith(SecretFiles.SUFFIX)
            ? origin.substring(0, origin.length() - SecretFiles.SUFFIX.length())
            : origin;
    return ConfigLoader.ENVIRONMENT.containsKey(variable);
  }

  /** Where {@code key} came from: itself given, or the nearest map above it that was. */
  private String originOf(String key) {
    String current = key;
    while (true) {
      String origin = origins.get(current);
      if (origin != null) {
        return origin;
      }
      int dot = current.lastIndexOf('.');
      if (dot < 0) {
        return null;
      }
      current = current.substring(0, dot);
    }
  }

  /** The dotted keys of every value of {@code tree} (an empty map counts as a value). */
  static Set<String> leaves(JsonObject tree, String prefix) {
    Set<String> into = new LinkedHashSet<>();
    for (String name : tree.fieldNames()) {
      Object value = tree.getValue(name);
      if (value instanceof JsonObject child && !child.isEmpty()) {
        into.addAll(leaves(child, prefix + name + "."));
      } else {
        into.add(prefix + name);
      }
    }
    return into;
  }
}
