package dev.wrench.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code WRENCH_PROFILE=dev|prod}: {@code conf/config-<profile>.yaml} goes over the defaults (the
 * one beside the configuration file, else the jar's copy); {@code prod} also refuses the
 * development defaults ({@link ProductionRules}).
 */
final class Profiles {

  static final String VARIABLE = "WRENCH_PROFILE";
  static final List<String> KNOWN = List.of("dev", "prod");
  static final String PRODUCTION = "prod";

  private Profiles() {}

  /** The profile the environment chose, empty for none; an unknown one is a problem. */
  static String chosen(Map<String, String> environment, List<String> problems) {
    String profile = environment.getOrDefault(VARIABLE, "").trim();
    if (!profile.isEmpty() && !KNOWN.contains(profile)) {
      problems.add(
          VARIABLE + " \"" + profile + "\" is not a profile (" + String.join(" or ", KNOWN) + ")");
      return "";
    }
    return profile;
  }

  /** The profile's file: beside the configuration file when there is one, else the jar's copy. */
  static YamlFiles.Source file(String profile, String configPath) {
    String name = "config-" + profile + ".yaml";
    Path parent = Path.of(configPath).toAbsolutePath().getParent();
    Path beside = parent == null ? Path.of(name) : parent.resolve(name);
    return Files.isRegularFile(beside)
        ? YamlFiles.Source.ofPath(Path.of(configPath).resolveSibling(name))
        : YamlFiles.Source.ofResource("conf/" + name);
  }
}
