package dev.wrench.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP to a service process on this machine (the packaged-jar tests). */
public final class LocalHttp {

  private LocalHttp() {}

  public static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The status of a GET, or -1 when nothing answers. */
  public static int status(HttpClient client, int port, String path) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
