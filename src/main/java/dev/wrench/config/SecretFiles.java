package dev.wrench.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Docker and Kubernetes secrets convention: a secret variable ({@code DATABASE_URL}, whose key
 * the schema marks {@code "x-secret": true}) may instead be read from the file its {@code
 * <VARIABLE>_FILE} names, the trailing newline trimmed. Setting both is a mistake; so is a file
 * that cannot be read. Neither message quotes a value.
 */
final class SecretFiles {

  static final String SUFFIX = "_FILE";

  private SecretFiles() {}

  /** The variables that may come from a file: those of the schema's secret keys. */
  static Set<String> variables() {
    Set<String> secrets = SchemaKeys.SECRET;
    Set<String> variables = new TreeSet<>();
    ConfigLoader.ENVIRONMENT.forEach(
        (variable, key) -> {
          if (secrets.contains(key)) {
            variables.add(variable);
          }
        });
    return variables;
  }

  /**
   * Puts into {@code variables} each secret read from its file, marking its key's origin as the
   * {@code _FILE} variable; problems go to {@code problems}.
   */
  static void read(
      Map<String, String> environment,
      JsonObject variables,
      Map<String, String> origins,
      List<String> problems) {
    for (String variable : variables()) {
      String fileVariable = variable + SUFFIX;
      String path = environment.get(fileVariable);
      if (path == null || path.isBlank()) {
        continue;
      }
      String key = ConfigLoader.ENVIRONMENT.get(variable);
      String direct = environment.get(variable);
      if (direct != null && !direct.isEmpty()) {
        problems.add(
            variable + " and " + fileVariable + " (" + key + ") are both set: set one of them");
        continue;
      }
      try {
        variables.put(
            variable, trimNewline(Files.readString(Path.of(path), StandardCharsets.UTF_8)));
        origins.put(key, fileVariable);
      } catch (IOException | RuntimeException e) {
        problems.add(
            fileVariable
                + " ("
                + key
                + "): cannot read "
                + path
                + " ("
                + e.getClass().getSimpleName()
                + ")");
      }
    }
  }

  /** Without the line end an editor or {@code echo} leaves at the end of the file. */
  static String trimNewline(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }
}
