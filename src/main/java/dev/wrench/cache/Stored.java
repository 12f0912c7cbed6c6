package dev.wrench.cache;

/**
 * What the cache holds under a key: a row of {@code version} ({@code json}), or a tombstone ({@code
 * json == null}) that says every version below {@code version} is stale.
 */
record Stored(long version, String json) {

  /** The tombstone version of a deleted row: every version is stale. */
  static final long DELETED = 1L << 50;

  boolean tombstone() {
    return json == null;
  }

  /** Whether a row of {@code candidate} may replace this: only a newer one may. */
  boolean acceptsRow(long candidate) {
    return tombstone() ? candidate >= version : candidate > version;
  }

  /** Redis form: {@code "<version> <json>"}, or {@code "<version>"} for a tombstone. */
  String encode() {
    return json == null ? Long.toString(version) : version + " " + json;
  }

  static Stored decode(String text) {
    int space = text.indexOf(' ');
    if (space < 0) {
      return new Stored(Long.parseLong(text), null);
    }
    return new Stored(Long.parseLong(text.substring(0, space)), text.substring(space + 1));
  }
}
