package dev.kanal.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Decoded;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Serializer;
import dev.kanal.protocol.Serializers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The protocol codecs on a typical message (a 100-byte JSON object, or 100 raw bytes for binary):
 * decoding a client push, encoding a push to one socket, and the fastlane encoding of a broadcast
 * that every subscriber of a node shares.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
  private static final String TOPIC = "room:lobby";
  private static final String EVENT = "shout";

  /** v1-json: V1 objects; v2-json: V2 arrays; v2-binary: V2 binary frames with a binary payload. */
  @Param({"v1-json", "v2-json", "v2-binary"})
  public String codec;

  private Serializer serializer;
  private Frame incoming;
  private Message push;
  private Broadcast broadcast;

  @Setup
  public void setUp() throws Exception {
    Payload payload;
    if (codec.equals("v2-binary")) {
      payload = Payload.binary(new byte[100]);
      incoming = new Frame.Binary(binaryPush("1", "2", new byte[100]));
    } else {
      String json = "{\"text\":\"" + "x".repeat(70) + "\",\"n\":12345}";
      payload = Payload.json(new ObjectMapper().readTree(json));
      incoming = new Frame.Text(codec.equals("v1-json")
          ? "{\"topic\":\"" + TOPIC + "\",\"event\":\"" + EVENT + "\",\"payload\":" + json + ",\"ref\":\"2\",\"join_ref\":\"1\"}"
          : "[\"1\",\"2\",\"" + TOPIC + "\",\"" + EVENT + "\"," + json + "]");
    }
    serializer = codec.equals("v1-json") ? Serializers.V1 : Serializers.V2;
    push = new Message("1", null, TOPIC, EVENT, payload);
    broadcast = new Broadcast(TOPIC, EVENT, payload);
  }

  @Benchmark
  public Decoded decode() {
    return serializer.decode(incoming);
  }

  @Benchmark
  public Frame encode() {
    return serializer.encode(push);
  }

  @Benchmark
  public Frame fastlane() {
    return serializer.fastlane(broadcast);
  }

  /** A client's binary push (kind 0), as phoenix.js sends it. */
  private static byte[] binaryPush(String joinRef, String ref, byte[] payload) {
    byte[][] fields = {
      joinRef.getBytes(StandardCharsets.UTF_8), ref.getBytes(StandardCharsets.UTF_8),
      TOPIC.getBytes(StandardCharsets.UTF_8), EVENT.getBytes(StandardCharsets.UTF_8)
    };
    int size = 1 + fields.length + payload.length;
    for (byte[] field : fields) {
      size += field.length;
    }
    ByteBuffer frame = ByteBuffer.allocate(size).put((byte) 0);
    for (byte[] field : fields) {
      frame.put((byte) field.length);
    }
    for (byte[] field : fields) {
      frame.put(field);
    }
    return frame.put(payload).array();
  }
}
