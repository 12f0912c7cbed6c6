package dev.wrench.app;

/** How many instances of a verticle to deploy: as configured, or one per event loop for 0. */
final class EventLoops {

  private EventLoops() {}

  static int instances(int configured) {
    // One per core: the JDK's count honours CPU affinity and quotas, as CpuCoreSensor's did.
    return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
