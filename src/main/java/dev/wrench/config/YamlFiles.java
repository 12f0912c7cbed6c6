package dev.wrench.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** YAML configuration files (SnakeYAML, safe types only) as JSON trees. */
final class YamlFiles {

  private YamlFiles() {}

  /** A YAML document to read: a file, or a resource of the jar; {@code label} names it to users. */
  interface Opener {
    InputStream open() throws IOException;
  }

  record Source(String label, Opener opener) {

    static Source ofPath(Path file) {
      return new Source(file.toString(), () -> Files.newInputStream(file));
    }

    static Source ofResource(String name) {
      return new Source(
          name + " (in the jar)",
          () -> {
            InputStream in = YamlFiles.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
              throw new java.nio.file.NoSuchFileException(name);
            }
            return in;
          });
    }

    /**
     * Its keys; an empty document has none. A problem (unreadable, not YAML, not a map) is added to
     * {@code problems} naming the file, never quoting it (it may hold a password).
     */
    JsonObject read(List<String> problems) {
      Object document;
      try (InputStream in = opener.open()) {
        document =
            new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        problems.add(label + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        return new JsonObject();
      } catch (MarkedYAMLException e) {
        Mark mark = e.getProblemMark();
        problems.add(
            label
                + ": is not valid YAML"
                + (mark == null
                    ? ""
                    : " (line "
                        + (mark.getLine() + 1)
                        + ", column "
                        + (mark.getColumn() + 1)
                        + ")"));
        return new JsonObject();
      } catch (YAMLException e) {
        problems.add(label + ": is not valid YAML");
        return new JsonObject();
      }
      if (document == null) {
        return new JsonObject();
      }
      if (!(document instanceof Map<?, ?> map)) {
        problems.add(label + ": is not a map of keys");
        return new JsonObject();
      }
      return (JsonObject) json(map);
    }
  }

  static Object json(Object yaml) {
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
