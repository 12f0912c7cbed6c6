package dev.wrench.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and the commit this jar was built from: {@code wrench-build.properties}, filled in by
 * the build (the version from the POM, the commit from git). A value the build could not fill in (a
 * source tree without git) reads as {@code unknown}.
 */
public record BuildInfo(String version, String commit) {

  static final String RESOURCE = "/wrench-build.properties";
  static final String UNKNOWN = "unknown";

  /** What the build wrote into the jar. */
  public static BuildInfo current() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // Unreadable is the same as absent: unknown.
    }
    return of(properties);
  }

  static BuildInfo of(Properties properties) {
    return new BuildInfo(
        known(properties.getProperty("version")), known(properties.getProperty("commit")));
  }

  /** Empty, or a placeholder that resource filtering left as it was ({@code ${...}}): unknown. */
  private static String known(String value) {
    return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.trim();
  }
}
