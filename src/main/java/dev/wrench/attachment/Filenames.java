package dev.wrench.attachment;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Client file names are shown back, never trusted: no directories, no control characters, bounded
 * length; and they reach a browser only through a {@code Content-Disposition} that cannot be broken
 * out of.
 */
public final class Filenames {

  private static final int MAX_LENGTH = 255;

  private Filenames() {}

  /** The last path segment, without control or bidi-override characters, trimmed and bounded. */
  public static String sanitize(String raw) {
    String name = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC);
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    StringBuilder clean = new StringBuilder(name.length());
    name.codePoints()
        .filter(c -> !Character.isISOControl(c))
        .filter(c -> Character.getType(c) != Character.FORMAT)
        .forEach(clean::appendCodePoint);
    name = clean.toString().strip();
    while (name.startsWith(".")) {
      name = name.substring(1);
    }
    if (name.length() > MAX_LENGTH) {
      int cut = MAX_LENGTH;
      if (Character.isHighSurrogate(name.charAt(cut - 1))) {
        cut--;
      }
      name = name.substring(0, cut);
    }
    return name.isBlank() ? "file" : name;
  }

  /**
   * {@code attachment; filename="<ASCII stand-in>"; filename*=UTF-8''<percent-encoded>} (RFC 6266):
   * always a download, never rendered inline by the browser.
   */
  public static String contentDisposition(String filename) {
    StringBuilder ascii = new StringBuilder();
    for (char c : filename.toCharArray()) {
      ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' ? c : '_');
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncode(filename);
  }

  private static String percentEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean attrChar =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$&+-.^_`|~".indexOf(c) >= 0;
      if (attrChar) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
