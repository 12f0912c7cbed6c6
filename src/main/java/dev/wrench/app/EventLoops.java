package dev.wrench.app;

import io.vertx.core.impl.cpu.CpuCoreSensor;

/** How many instances of a verticle to deploy: as configured, or one per event loop for 0. */
final class EventLoops {

  private EventLoops() {}

  static int instances(int configured) {
    return configured > 0 ? configured : Math.max(1, CpuCoreSensor.availableProcessors());
  }
}
