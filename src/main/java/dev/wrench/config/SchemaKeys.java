package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The dotted keys the schema declares (maps of free names such as {@code rate_limit.routes} count
 * as one key), those it marks secret ({@code "x-secret": true}: never shown, may come from a {@code
 * _FILE}), and the known key nearest to a misspelt one.
 */
final class SchemaKeys {

  static final Set<String> KNOWN;
  static final Set<String> SECRET;

  static {
    Set<String> known = new TreeSet<>();
    Set<String> secret = new TreeSet<>();
    walk(ConfigSchema.get(), ConfigSchema.get().root(), "", known, secret);
    KNOWN = Collections.unmodifiableSet(known);
    SECRET = Collections.unmodifiableSet(secret);
  }

  private SchemaKeys() {}

  private static void walk(
      ConfigSchema schema, JsonObject node, String prefix, Set<String> known, Set<String> secret) {
    JsonObject resolved = schema.resolve(node);
    JsonObject properties = resolved == null ? null : resolved.getJsonObject("properties");
    if (properties == null) {
      return;
    }
    for (String name : properties.fieldNames()) {
      String key = prefix + name;
      JsonObject child = properties.getJsonObject(name);
      known.add(key);
      if (Boolean.TRUE.equals(child.getValue("x-secret"))) {
        secret.add(key);
      }
      walk(schema, child, key + ".", known, secret);
    }
  }

  /**
   * The known key closest to {@code key} (edits, a swap of two neighbours counting as one), when it
   * is close enough to be a misspelling; else null.
   */
  static String nearest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : KNOWN) {
      int distance = distance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(2, key.length() / 4);
    return bestDistance <= allowed ? best : null;
  }

  /** Optimal string alignment distance (Levenshtein with transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
