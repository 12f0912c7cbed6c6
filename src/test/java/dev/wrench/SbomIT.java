package dev.wrench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CycloneDX SBOM built beside the shaded jar ({@code target/wrench.cdx.json}) lists every
 * library the jar bundles, as each library's {@code META-INF/maven/.../pom.properties} in the jar
 * names it, and nothing of the tests.
 */
class SbomIT {

  private static final Path JAR = Path.of("target", "wrench.jar");
  private static final Path SBOM = Path.of("target", "wrench.cdx.json");
  private static final Pattern POM_PROPERTIES =
      Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");

  /** group:name:version of every library the jar carries, but Wrench itself. */
  private static Set<String> bundled() throws Exception {
    Set<String> libraries = new TreeSet<>();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (POM_PROPERTIES.matcher(entry.getName()).matches()) {
          Properties pom = new Properties();
          try (InputStream in = zip.getInputStream(entry)) {
            pom.load(in);
          }
          libraries.add(
              pom.getProperty("groupId")
                  + ":"
                  + pom.getProperty("artifactId")
                  + ":"
                  + pom.getProperty("version"));
        }
      }
    }
    libraries.removeIf(library -> library.startsWith("dev.wrench:wrench:"));
    return libraries;
  }

  private static JsonNode sbom() throws Exception {
    return new ObjectMapper().readTree(SBOM.toFile());
  }

  @BeforeAll
  static void theBuildMadeAnSbom() {
    // The CycloneDX plugin requires online mode: an offline build (mvn -o) has none to check.
    assumeFalse(
        !Files.exists(SBOM) && "offline:true".equals(System.getProperty("wrench.build")),
        "offline build: no SBOM was made");
    assertThat(SBOM).exists();
  }

  @Test
  void theSbomListsEveryLibraryTheJarBundles() throws Exception {
    JsonNode sbom = sbom();
    assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(sbom.path("metadata").path("component").path("name").asText()).isEqualTo("wrench");
    Set<String> listed = new TreeSet<>();
    for (JsonNode component : sbom.path("components")) {
      listed.add(
          component.path("group").asText()
              + ":"
              + component.path("name").asText()
              + ":"
              + component.path("version").asText());
      assertThat(component.path("purl").asText()).startsWith("pkg:maven/");
    }
    Set<String> bundled = bundled();
    assertThat(bundled).hasSizeGreaterThan(50);
    Set<String> missing = new TreeSet<>(bundled);
    missing.removeAll(listed);
    assertThat(missing).as("libraries in the jar that the SBOM does not list").isEmpty();
    // Including those that other jars carry inside them (Hazelcast's copy of Jackson, say).
    assertThat(listed).contains("com.zaxxer:HikariCP:4.0.3", "org.jctools:jctools-core:4.0.5");
  }

  @Test
  void theSbomListsNothingOfTheTests() throws Exception {
    for (JsonNode component : sbom().path("components")) {
      assertThat(component.path("name").asText())
          .isNotIn("junit-jupiter-api", "assertj-core", "archunit", "awaitility", "greenmail");
    }
  }
}
