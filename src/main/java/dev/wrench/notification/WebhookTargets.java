package dev.wrench.notification;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF guard of webhooks: a URL must be http(s) and its host must not resolve to a loopback,
 * link-local, private (site-local or unique-local), wildcard or multicast address, unless private
 * targets are allowed (development and tests). Resolution blocks: call it off the event loop.
 */
public final class WebhookTargets {

  private WebhookTargets() {}

  /**
   * Why {@code url} is refused, or null when it may be called. A host that does not resolve (yet)
   * is refused only when {@code mustResolve} (at delivery): on subscription it is accepted, since
   * every delivery checks the address again.
   */
  public static String refusal(String url, boolean allowPrivate, boolean mustResolve) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an http or https URL";
    }
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      return "has no host";
    }
    if (uri.getUserInfo() != null) {
      return "must not carry credentials";
    }
    if (allowPrivate) {
      return null;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return mustResolve ? "names a host that does not resolve" : null;
    }
    for (InetAddress address : addresses) {
      if (isPrivate(address)) {
        return "resolves to a private, loopback or link-local address ("
            + address.getHostAddress()
            + ")";
      }
    }
    return null;
  }

  static boolean isPrivate(InetAddress address) {
    byte[] bytes = address.getAddress();
    boolean uniqueLocalV6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
    // 100.64.0.0/10 (carrier-grade NAT) is as internal as 10/8 for a cloud host.
    boolean sharedV4 = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    return address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()
        || uniqueLocalV6
        || sharedV4;
  }
}
