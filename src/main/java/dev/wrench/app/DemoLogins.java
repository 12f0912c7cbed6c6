package dev.wrench.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The log-ins of the demo organization, kept in a file only its owner can read next to the first
 * admin's password ({@code bootstrap.password_file}'s folder), so that running {@code demo} again
 * shows the same ones. Their hashes alone are in the database.
 */
final class DemoLogins {

  /** One demo user: its role, e-mail and password. */
  record Login(String role, String email, String password) {}

  static final String FILE_NAME = "demo-logins";

  private DemoLogins() {}

  /** The file of the demo log-ins, beside {@code passwordFile}. */
  static Path file(String passwordFile) {
    return Path.of(passwordFile).toAbsolutePath().resolveSibling(FILE_NAME);
  }

  static void write(Path file, List<Login> logins) throws IOException {
    Path dir = Objects.requireNonNull(file.toAbsolutePath().getParent(), "a file has a folder");
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // keep the default permissions
    }
    StringBuilder text = new StringBuilder();
    for (Login login : logins) {
      text.append(login.role())
          .append(' ')
          .append(login.email())
          .append(' ')
          .append(login.password())
          .append('\n');
    }
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The log-ins in {@code file}, or none when it is absent. */
  static List<Login> read(Path file) throws IOException {
    List<Login> logins = new ArrayList<>();
    if (!Files.exists(file)) {
      return logins;
    }
    for (String line : Files.readAllLines(file)) {
      String[] fields = line.split(" ", 3);
      if (fields.length == 3) {
        logins.add(new Login(fields[0], fields[1], fields[2]));
      }
    }
    return logins;
  }

  /** As the command prints them: one aligned line each. */
  static String format(List<Login> logins) {
    StringBuilder text = new StringBuilder();
    for (Login login : logins) {
      text.append(
          String.format("  %-11s %-30s %s%n", login.role(), login.email(), login.password()));
    }
    return text.toString();
  }
}
