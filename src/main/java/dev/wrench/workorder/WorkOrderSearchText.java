package dev.wrench.workorder;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A work order search ({@code q}) as PostgreSQL takes it: web-search syntax ({@code "exact
 * phrase"}, {@code or}, {@code -without}) for all but the last word, and the last word as a prefix,
 * so that a search finds what is being typed: {@code filt} finds "filter", {@code chill} finds
 * "Chiller-0042". The prefix is the word's English stem ({@code filters} → {@code filter:*}), or
 * the word itself where it has none (a stop word, a number).
 *
 * <p>Only a plain last word becomes a prefix: letters and digits, at least one letter, after a
 * space or at the start. A number, a word inside quotes, a negated one, or part of a hyphenated
 * token ({@code WO-0001}) is left to the web-search syntax, exactly as typed.
 */
record WorkOrderSearchText(String rest, String prefix) {

  // A word with a letter in it: a number ("3", "000123") is searched as typed, not as a prefix of
  // every number that begins with it.
  private static final Pattern LAST_WORD =
      Pattern.compile("(?:^|\\s)([\\p{L}\\p{N}]*\\p{L}[\\p{L}\\p{N}]*)\\s*$");

  /** The condition on the prefix ({@code %s}: its parameter, used twice). */
  static final String PREFIX_ONLY =
      "w.search @@ to_tsquery('simple',"
          + " coalesce((ts_lexize('english_stem', %s))[1], %<s) || ':*')";

  static WorkOrderSearchText of(String q) {
    int quotes = q.length() - q.replace("\"", "").length();
    Matcher last = LAST_WORD.matcher(q);
    if (quotes % 2 != 0 || !last.find()) {
      return new WorkOrderSearchText(q, null);
    }
    return new WorkOrderSearchText(
        q.substring(0, last.start(1)).trim(), last.group(1).toLowerCase(Locale.ROOT));
  }

  boolean hasRest() {
    return !rest.isBlank();
  }
}
