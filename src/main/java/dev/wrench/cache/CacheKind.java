package dev.wrench.cache;

/** The resources read one at a time through the cache. */
public enum CacheKind {
  WORK_ORDERS("work-orders"),
  ASSETS("assets"),
  TECHNICIANS("technicians");

  private final String wire;

  CacheKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static CacheKind fromWire(String wire) {
    for (CacheKind kind : values()) {
      if (kind.wire.equals(wire)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no cache kind " + wire);
  }
}
