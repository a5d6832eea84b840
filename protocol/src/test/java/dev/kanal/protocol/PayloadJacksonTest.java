package dev.kanal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Payloads cross nodes inside cluster messages as Jackson data, by named subtype. */
class PayloadJacksonTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aBinaryPayloadSurvivesJackson() throws Exception {
    Payload binary = Payload.binary(new byte[] {0, 1, (byte) 0xff});

    String text = JSON.writeValueAsString(binary);

    assertEquals("{\"kind\":\"binary\",\"bytes\":\"AAH/\"}", text);
    assertEquals(binary, JSON.readValue(text, Payload.class));
  }

  @Test
  void aJsonPayloadSurvivesJackson() throws Exception {
    Payload json = Payload.json(JSON.readTree("{\"a\":[1,null,\"x\"]}"));

    assertEquals(json, JSON.readValue(JSON.writeValueAsString(json), Payload.class));
  }

  @Test
  void bytesAreCopiedInAndOut() {
    byte[] source = {1, 2};
    Bytes bytes = Bytes.copyOf(source);
    source[0] = 9;
    bytes.toArray()[1] = 9;

    assertEquals(Bytes.copyOf(new byte[] {1, 2}), bytes);
  }
}
