package dev.kanal.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StampTest {

  @Test
  void jsonIsPaddedToTheAskedSize() {
    String json = new Stamp(7, 123_456_789L).json(100);
    assertEquals(100, json.getBytes(StandardCharsets.UTF_8).length);
    assertTrue(json.startsWith("{\"bench_seq\":7,\"bench_sent_ns\":123456789,\"pad\":\"xxx"), json);
    assertTrue(json.endsWith("x\"}"), json);
  }

  @Test
  void aStampLongerThanTheSizeIsNotCut() {
    assertEquals("{\"bench_seq\":7,\"bench_sent_ns\":-5,\"pad\":\"\"}", new Stamp(7, -5).json(10));
  }

  @Test
  void theStampIsFoundInABroadcastFrame() {
    String frame = "[null,null,\"bench:fanout\",\"bench\"," + new Stamp(42, -987_654_321L).json(100) + "]";
    assertEquals(new Stamp(42, -987_654_321L), Stamp.find(buffer(frame)));
  }

  @Test
  void theStampIsFoundInAChangeRecordWhateverTheFieldOrder() {
    String frame = "[null,null,\"collection:bench\",\"change\",{\"action\":\"create\",\"record\":"
        + "{\"id\":3,\"pad\":\"xx\",\"bench_sent_ns\":99,\"bench_seq\":2,\"inserted_at\":\"…\"},\"seq\":3}]";
    assertEquals(new Stamp(2, 99), Stamp.find(buffer(frame)));
  }

  @Test
  void aFrameWithoutAStampHasNone() {
    assertNull(Stamp.find(buffer("[null,\"2\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]")));
  }

  @Test
  void onlyTheReadableBytesAreSearched() {
    ByteBuf frame = buffer("{\"bench_seq\":1,\"bench_sent_ns\":2}");
    frame.readerIndex(5);
    assertNull(Stamp.find(frame));
  }

  private static ByteBuf buffer(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
  }
}
