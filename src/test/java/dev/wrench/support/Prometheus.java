package dev.wrench.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@code GET /metrics} scrape (the Prometheus text format). */
public final class Prometheus {

  private Prometheus() {}

  /**
   * The sum of the series of {@code name} whose labels contain every {@code label}; NaN if none.
   */
  public static double value(String text, String name, String... labels) {
    Pattern line =
        Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(text);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      String set = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= set.contains(label);
      }
      if (all) {
        sum += Double.parseDouble(m.group(2));
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }
}
