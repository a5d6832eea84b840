package dev.kanal.bench.reference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP/1.1 request line and headers; header names are kept in lower case. */
record HttpHead(String method, String path, Map<String, String> headers) {
  private static final int MAX_HEAD = 16 * 1024;

  /**
   * Reads a request head from {@code in} up to its blank line, or returns null and leaves
   * {@code in} untouched if the blank line has not arrived yet.
   */
  static HttpHead read(ByteBuffer in) throws IOException {
    int start = in.position();
    int end = -1;
    for (int i = start; i + 3 < in.limit(); i++) {
      if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
        end = i;
        break;
      }
    }
    if (end < 0) {
      if (in.remaining() > MAX_HEAD) {
        throw new IOException("request head over " + MAX_HEAD + " bytes");
      }
      return null;
    }
    byte[] head = new byte[end - start];
    in.get(head);
    in.position(end + 4);
    return parse(new String(head, StandardCharsets.ISO_8859_1));
  }

  static HttpHead parse(String head) throws IOException {
    String[] lines = head.split("\r\n");
    String[] request = lines[0].split(" ");
    if (request.length != 3) {
      throw new IOException("not an HTTP request line: " + lines[0]);
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    return new HttpHead(request[0], request[1], headers);
  }

  boolean isWebSocketUpgrade() {
    return method.equals("GET")
        && "websocket".equalsIgnoreCase(headers.get("upgrade"))
        && headers.containsKey("sec-websocket-key");
  }

  int contentLength() {
    return Integer.parseInt(headers.getOrDefault("content-length", "0"));
  }
}
