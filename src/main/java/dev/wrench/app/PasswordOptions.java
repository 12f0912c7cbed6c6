package dev.wrench.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import picocli.CommandLine.Option;

/**
 * Where a command takes a password from: a file (or stdin, {@code -}), the command line (allowed,
 * with a warning: it shows in process lists and shell history), or, when none is given, a random
 * one that the command prints once.
 */
final class PasswordOptions {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Option(
      names = "--password-file",
      paramLabel = "PATH",
      description = "Read the password from this file's first line; - reads it from stdin.")
  Path file;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description =
          "The password itself (discouraged: it shows in process lists and shell history).")
  String value;

  /** A password, and whether it was generated (then the command shows it). */
  record Password(String value, boolean generated) {}

  /**
   * The password chosen, checked against the API's rule (12 to 1024 characters); {@code stdin}
   * stands for {@code -}; a warning goes to {@code err} for one given on the command line.
   */
  Password read(InputStream stdin, PrintWriter err) throws IOException {
    if (file != null && value != null) {
      throw new IllegalArgumentException("give --password-file or --password, not both");
    }
    String password;
    if (value != null) {
      err.println(
          "Warning: a password on the command line shows in process lists and shell history;"
              + " prefer --password-file");
      password = value;
    } else if (file != null) {
      password = file.toString().equals("-") ? firstLine(stdin) : firstLine(file);
    } else {
      return new Password(generate(), true);
    }
    AccountRules.checkPassword(password);
    return new Password(password, false);
  }

  /** 18 random bytes, base64url: 24 characters, as the first admin's generated password. */
  static String generate() {
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static String firstLine(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return firstLine(in);
    }
  }

  private static String firstLine(InputStream in) throws IOException {
    // Not closed: closing it would close stdin.
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line = reader.readLine();
    return line == null ? "" : line;
  }
}
