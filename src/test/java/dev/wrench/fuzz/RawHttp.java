package dev.wrench.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request, so that a test can send what no
 * well-behaved client would: malformed percent escapes, bytes that are not UTF-8, unknown methods,
 * oversized request lines and headers. A server that does not answer within the timeout is reported
 * as a hang rather than waited for.
 */
final class RawHttp {

  /** What the server answered. {@code hung} when no complete answer came in time. */
  record Answer(int status, Map<String, String> headers, byte[] body, boolean hung) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final int port;
  private final int timeoutMillis;

  RawHttp(int port, int timeoutMillis) {
    this.port = port;
    this.timeoutMillis = timeoutMillis;
  }

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
  Answer send(byte[] head, byte[] body) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      return new Answer(0, Map.of(), new byte[0], true);
    } catch (IOException e) {
      // The server may close at once on a request it cannot parse (after answering or not).
      return new Answer(-1, Map.of("error", String.valueOf(e.getMessage())), new byte[0], false);
    }
  }

  /** Reads to the end of the connection (every request says "Connection: close"), then parses. */
  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    while (true) {
      int n;
      try {
        n = in.read(chunk);
      } catch (java.net.SocketException reset) {
        n = -1;
      }
      if (n < 0) {
        break;
      }
      all.write(chunk, 0, n);
    }
    byte[] bytes = all.toByteArray();
    int start = 0;
    while (true) {
      int headEnd = indexOf(bytes, start, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      if (headEnd < 0) {
        // Closed without an answer (a connection the server dropped): no status.
        return new Answer(-1, Map.of(), bytes, false);
      }
      String[] lines =
          new String(bytes, start, headEnd - start, StandardCharsets.ISO_8859_1).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      if (status >= 100 && status < 200) {
        // An interim answer (100 Continue): the real one follows.
        start = headEnd + 4;
        continue;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      byte[] body = java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
      boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
      return new Answer(status, headers, chunked ? dechunk(body) : body, false);
    }
  }

  private static byte[] dechunk(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < raw.length) {
      int lineEnd = indexOf(raw, at, "\r\n".getBytes(StandardCharsets.US_ASCII));
      if (lineEnd < 0) {
        break;
      }
      String sizeText = new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0];
      int size = Integer.parseInt(sizeText.trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(raw, lineEnd + 2, Math.min(size, raw.length - lineEnd - 2));
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, int from, byte[] needle) {
    outer:
    for (int i = from; i <= bytes.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
