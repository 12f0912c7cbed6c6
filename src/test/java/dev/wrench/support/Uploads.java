package dev.wrench.support;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Multipart uploads as a client sends them, streamed from an {@link InputStream} (chunked, no
 * {@code Content-Length}) over the JDK's HTTP client; every answer is checked against the contract
 * like those of {@link Http}.
 */
public final class Uploads {

  private final Http http;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public Uploads(Http http) {
    this.http = http;
  }

  /** One file part (and a description when not null), the file's bytes from {@code content}. */
  public Http.Response upload(
      String path,
      String token,
      String filename,
      String partType,
      String description,
      Supplier<InputStream> content) {
    String boundary = "wrench-" + UUID.randomUUID();
    StringBuilder head = new StringBuilder();
    if (description != null) {
      head.append("--")
          .append(boundary)
          .append("\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n")
          .append(description)
          .append("\r\n");
    }
    head.append("--")
        .append(boundary)
        .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
        .append(filename)
        .append("\"\r\nContent-Type: ")
        .append(partType)
        .append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .timeout(Duration.ofSeconds(120))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () ->
                        new SequenceInputStream(
                            Collections.enumeration(
                                List.of(
                                    new ByteArrayInputStream(headBytes),
                                    content.get(),
                                    new ByteArrayInputStream(tail))))))
            .build();
    return send(request, "POST", path);
  }

  public Http.Response upload(
      String path, String token, String filename, String partType, byte[] content) {
    return upload(path, token, filename, partType, null, () -> new ByteArrayInputStream(content));
  }

  /**
   * A GET whose bytes are kept as they are (downloads), contract-checked; redirects not followed.
   */
  public Http.Response get(String path, String token) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build();
    return send(request, "GET", path);
  }

  private Http.Response send(HttpRequest request, String method, String path) {
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Buffer body = Buffer.buffer(response.body());
    String type = response.headers().firstValue("Content-Type").orElse(null);
    List<String> violations =
        http.contract().violations(method, path, response.statusCode(), type, body);
    if (!violations.isEmpty()) {
      throw new AssertionError(
          "Response breaks openapi/wrench.yaml: "
              + violations
              + " — "
              + response.statusCode()
              + " "
              + body);
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    response.headers().map().forEach(headers::add);
    return new Http.Response(response.statusCode(), headers, body);
  }

  /** Fetches a URL (a presigned one) with no credentials of ours. */
  public HttpResponse<byte[]> fetch(String url) {
    try {
      return client.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
