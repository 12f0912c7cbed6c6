package dev.wrench.app;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules the API's contract puts on accounts ({@code UserCreate}, {@code OrganizationCreate}),
 * checked by the commands that make accounts without going through the contract's validation.
 */
final class AccountRules {

  static final List<String> ROLES = List.of("admin", "manager", "technician", "requester");

  // The shape the contract's format: email accepts, without its corner cases (quoted local parts).
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private AccountRules() {}

  static String checkEmail(String email) {
    if (email == null || email.length() > 320 || !EMAIL.matcher(email).matches()) {
      throw new IllegalArgumentException("not an e-mail address: " + email);
    }
    return email;
  }

  static String checkRole(String role) {
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException(
          "no role " + role + "; the roles are " + String.join(", ", ROLES));
    }
    return role;
  }

  static void checkPassword(String password) {
    if (password.length() < 12 || password.length() > 1024) {
      throw new IllegalArgumentException("a password has 12 to 1024 characters");
    }
  }

  /** A name of an organization, a user or a client: 1 to 200 characters, not only blanks. */
  static String checkName(String what, String name) {
    if (name != null && (name.isBlank() || name.length() > 200)) {
      throw new IllegalArgumentException(what + " has 1 to 200 characters, not only blanks");
    }
    return name;
  }
}
