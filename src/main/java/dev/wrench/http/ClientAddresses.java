package dev.wrench.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** The address a request came from, as the audit log and the login throttle record it. */
public final class ClientAddresses {

  private ClientAddresses() {}

  public static String of(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
  }
}
