package dev.wrench.attachment;

import java.util.Locale;
import java.util.Set;
import org.apache.tika.Tika;

/**
 * What a file really is, from its first bytes (Apache Tika's magic-byte detector), never from the
 * client's header or the file name: a {@code .png} that is an executable is an executable.
 */
public final class ContentTypes {

  /** Bytes read before deciding; every magic number Tika needs for these types fits. */
  public static final int SNIFF_BYTES = 8192;

  private static final Tika TIKA = new Tika();

  private final Set<String> allowed;

  public ContentTypes(Set<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  /** The media type of a file starting with {@code head}. */
  public static String sniff(byte[] head) {
    String type = TIKA.detect(head);
    return type == null ? "application/octet-stream" : type.toLowerCase(Locale.ROOT);
  }

  public boolean isAllowed(String type) {
    return allowed.contains(type);
  }

  public Set<String> allowed() {
    return allowed;
  }
}
