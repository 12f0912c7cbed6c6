package dev.wrench.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Which of the PostgreSQL archives the jar carries (zonky's binaries: Linux x86-64 and arm64, and
 * macOS, whose archive is a universal binary for Intel and Apple silicon) fits this machine, found
 * the way zonky's resolver looks for it; on any other machine start-up stops at once with one line
 * that says to set {@code DATABASE_URL}.
 */
final class EmbeddedBinaries {

  private EmbeddedBinaries() {}

  /** The archive for this machine, or a {@link StartupProblem} (exit code 2). */
  static String require() {
    return require(
        System.getProperty("os.name", ""),
        System.getProperty("os.arch", ""),
        Files.exists(Path.of("/etc/alpine-release")));
  }

  /** The archive for a machine, or a {@link StartupProblem} (exit code 2). */
  static String require(String osName, String osArch, boolean musl) {
    return archive(osName, osArch, musl)
        .orElseThrow(
            () ->
                new StartupProblem(
                    "No embedded PostgreSQL for "
                        + osName
                        + " "
                        + osArch
                        + (musl ? " (musl)" : "")
                        + " in this jar (it has Linux x86-64 and arm64, and macOS): set"
                        + " DATABASE_URL to a PostgreSQL 15 or later",
                    StartupProblem.REFUSED));
  }

  /** The archive's resource name for a machine, when the class path has it. */
  static Optional<String> archive(String osName, String osArch, boolean musl) {
    String system = system(osName);
    String architecture = architecture(osArch);
    if (system == null || architecture == null || (musl && system.equals("linux"))) {
      // The Linux archives are built against glibc; Alpine's musl cannot run them.
      return Optional.empty();
    }
    Optional<String> exact = present("postgres-" + system + "-" + architecture + ".txz");
    if (exact.isEmpty() && system.equals("darwin") && architecture.equals("arm_64")) {
      // zonky's resolver falls back to the x86-64 archive on Apple silicon; it is universal.
      return present("postgres-darwin-x86_64.txz");
    }
    return exact;
  }

  private static String system(String osName) {
    String name = osName.toLowerCase(Locale.ROOT);
    if (name.startsWith("linux")) {
      return "linux";
    }
    if (name.startsWith("mac")) {
      return "darwin";
    }
    return null;
  }

  private static String architecture(String osArch) {
    return switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "arm_64";
      default -> null;
    };
  }

  private static Optional<String> present(String resource) {
    return EmbeddedBinaries.class.getClassLoader().getResource(resource) == null
        ? Optional.empty()
        : Optional.of(resource);
  }
}
