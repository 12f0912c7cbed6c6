// Run by the build (exec-maven-plugin, phase package, after the shade and CycloneDX plugins):
//   java tools/SbomBundled.java target/wrench.jar target/wrench.cdx.json
// The CycloneDX plugin lists the Maven dependency tree; some of those jars carry copies of other
// libraries (Hazelcast bundles Jackson, HikariCP, everit-json-schema...; netty-common bundles
// JCTools), which the shaded jar then carries too, each with its META-INF/maven pom.properties.
// This adds each such library to the SBOM as a component, so that a scanner reading the SBOM sees
// every library the jar holds (SbomIT checks the two agree). JDK only: a single-file program.

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

public class SbomBundled {

  private static final Pattern POM_PROPERTIES =
      Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");
  // The top-level array (two spaces in), not metadata.tools.components.
  private static final Pattern COMPONENTS = Pattern.compile("\n  \"components\" ?: ?\\[");

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    Path sbom = Path.of(args[1]);
    if (!Files.exists(sbom)) {
      // The CycloneDX plugin requires online mode: an offline build (mvn -o) skips it.
      System.out.println("SBOM: no " + sbom + " to complete (an offline build makes none)");
      return;
    }
    String text = Files.readString(sbom, StandardCharsets.UTF_8);
    String self = args.length > 2 ? args[2] : "";
    TreeSet<String> added = new TreeSet<>();
    StringBuilder components = new StringBuilder();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (!POM_PROPERTIES.matcher(entry.getName()).matches()) {
          continue;
        }
        Properties pom = new Properties();
        try (var in = zip.getInputStream(entry)) {
          pom.load(in);
        }
        String group = pom.getProperty("groupId");
        String name = pom.getProperty("artifactId");
        String version = pom.getProperty("version");
        if (group == null || name == null || version == null) {
          continue;
        }
        String purl = "pkg:maven/" + group + "/" + name + "@" + version;
        if ((group + ":" + name).equals(self)
            || text.contains("\"" + purl + "?")
            || text.contains("\"" + purl + "\"")
            || !added.add(purl)) {
          continue;
        }
        components
            .append("\n    {\"type\": \"library\", \"bom-ref\": \"")
            .append(purl)
            .append("?type=jar\", \"group\": \"")
            .append(group)
            .append("\", \"name\": \"")
            .append(name)
            .append("\", \"version\": \"")
            .append(version)
            .append("\", \"scope\": \"required\", \"purl\": \"")
            .append(purl)
            .append("?type=jar\", \"properties\": [{\"name\": \"wrench:bundled\", \"value\": ")
            .append("\"a copy inside another library's jar (")
            .append(entry.getName())
            .append(")\"}]},");
      }
    }
    if (added.isEmpty()) {
      return;
    }
    Matcher matcher = COMPONENTS.matcher(text);
    if (!matcher.find()) {
      throw new IllegalStateException(sbom + " has no top-level components array");
    }
    String updated =
        text.substring(0, matcher.end()) + components + text.substring(matcher.end());
    Files.writeString(sbom, updated, StandardCharsets.UTF_8);
    System.out.println("SBOM: added " + added.size() + " libraries bundled inside others: " + added);
  }
}
