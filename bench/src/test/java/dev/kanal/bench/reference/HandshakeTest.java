package dev.kanal.bench.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final String UPGRADE = "GET /socket HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

  @Test
  void acceptKeyIsTheOneInRfc6455() {
    assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void switchingProtocolsCarriesTheAcceptKey() {
    String response = new String(Handshake.switchingProtocols("dGhlIHNhbXBsZSBub25jZQ=="), StandardCharsets.US_ASCII);
    assertTrue(response.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
    assertTrue(response.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    assertTrue(response.endsWith("\r\n\r\n"));
  }

  @Test
  void anUpgradeRequestIsRecognised() throws IOException {
    ByteBuffer in = ByteBuffer.wrap(UPGRADE.getBytes(StandardCharsets.US_ASCII));
    HttpHead head = HttpHead.read(in);
    assertTrue(head.isWebSocketUpgrade());
    assertEquals("dGhlIHNhbXBsZSBub25jZQ==", head.headers().get("sec-websocket-key"));
    assertEquals(0, in.remaining());
  }

  @Test
  void aPublishIsNoUpgradeAndCarriesItsLength() throws IOException {
    String request = "POST /publish HTTP/1.1\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
    ByteBuffer in = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    HttpHead head = HttpHead.read(in);
    assertFalse(head.isWebSocketUpgrade());
    assertEquals("/publish", head.path());
    assertEquals(7, head.contentLength());
    assertEquals(7, in.remaining());
  }

  @Test
  void aHeadWithoutItsBlankLineWaits() throws IOException {
    ByteBuffer in = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
    assertNull(HttpHead.read(in));
    assertEquals(0, in.position());
  }
}
