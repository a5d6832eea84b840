package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.assertWellFormed;
import static dev.kanal.protocol.TestFrames.json;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever arrives on a socket, V1 and V2 decode return Ok or Invalid with a reason, and never
 * throw. Every input is tried as a text frame and as a binary frame against both serializers.
 */
class DecodeNeverThrowsPropertyTest {
  private static final int TRIES = 2000;
  private static final List<Serializer> SERIALIZERS = List.of(Serializers.V1, Serializers.V2);

  /** Valid frames of every shape the server reads; mutations of them reach past the first checks. */
  private static final List<Seed> SEEDS =
      List.of(
          new Seed(Serializers.V1, Serializers.V1.encode(new Message("1", "2", "room:a", "ev", json("{\"a\":[1,{}]}")))),
          new Seed(
              Serializers.V1,
              new Frame.Text("{\"topic\":\"t\",\"event\":\"e\",\"payload\":{},\"ref\":3,\"join_ref\":\"1\"}")),
          new Seed(Serializers.V2, Serializers.V2.encode(new Message("1", "2", "room:é", "ev", json("{\"a\":[1,{}]}")))),
          new Seed(Serializers.V2, new Frame.Text("[null,\"4\",\"phoenix\",\"heartbeat\",{}]")),
          new Seed(Serializers.V2, TestFrames.binary(0, 1, 1, 6, 2, '1', '2', 'r', 'o', 'o', 'm', ':', 'a', 'e', 'v', 9)),
          new Seed(Serializers.V2, TestFrames.binary(0, 0, 0, 7, 2, 'r', 'o', 'o', 'm', ':', 0xc3, 0xa9, 'e', 'v')));

  private static final String[] JSON_TOKENS = {
    "[", "]", "{", "}", ",", ":", "\"", "\\", "\\u", "null", "true", "false", "0", "-1", "1.5e308", "1e999",
    "12345678901234567890", "\"t\"", "\"e\"", "\"payload\"", "\"topic\"", "\"event\"", "\"ref\"", "\"join_ref\"",
    " ", "\n", "\u0000", "é", "\uD800", "/*", "'"
  };

  @Example
  void seedsAreValidFrames() {
    for (Seed seed : SEEDS) {
      assertInstanceOf(Decoded.Ok.class, seed.serializer().decode(seed.frame()), () -> "seed " + seed.frame());
    }
  }

  @Property(tries = TRIES)
  void randomBytes(@ForAll @Size(max = 300) byte[] bytes) {
    decodeEverywhere(bytes);
  }

  @Property(tries = TRIES)
  void randomStrings(@ForAll @StringLength(max = 300) String text) {
    decodeEverywhere(text);
  }

  @Property(tries = TRIES)
  void randomBinaryPushes(@ForAll("binaryPushes") byte[] frame) {
    decodeEverywhere(frame);
  }

  @Property(tries = TRIES)
  void jsonTokenSoup(@ForAll("jsonSoup") String text) {
    decodeEverywhere(text);
  }

  @Property(tries = TRIES)
  void mutatedValidFrames(@ForAll("seeds") Seed seed, @ForAll("mutations") List<Mutation> mutations) {
    byte[] bytes = seed.bytes();
    for (Mutation mutation : mutations) {
      bytes = mutation.apply(bytes);
    }
    decodeEverywhere(bytes);
  }

  private static void decodeEverywhere(byte[] bytes) {
    decodeEverywhere(new Frame.Binary(bytes));
    decodeEverywhere(new Frame.Text(new String(bytes, StandardCharsets.UTF_8)));
  }

  private static void decodeEverywhere(String text) {
    decodeEverywhere(new Frame.Text(text));
    decodeEverywhere(new Frame.Binary(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void decodeEverywhere(Frame frame) {
    for (Serializer serializer : SERIALIZERS) {
      assertWellFormed(serializer.decode(frame));
    }
  }

  /** Kind-0 frames with small, often lying, lengths and mostly-ASCII bodies, so some decode. */
  @Provide
  Arbitrary<byte[]> binaryPushes() {
    Arbitrary<Byte> kind = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just((byte) 0)), Tuple.of(1, Arbitraries.bytes()));
    Arbitrary<List<Byte>> lengths = Arbitraries.integers().between(0, 12).map(Integer::byteValue).list().ofSize(4);
    Arbitrary<Byte> bodyByte =
        Arbitraries.oneOf(Arbitraries.bytes().between((byte) 'a', (byte) 'z'), Arbitraries.bytes());
    Arbitrary<List<Byte>> body = bodyByte.list().ofMaxSize(40);
    return Combinators.combine(kind, lengths, body)
        .as(
            (k, header, rest) -> {
              byte[] out = new byte[1 + header.size() + rest.size()];
              out[0] = k;
              for (int i = 0; i < header.size(); i++) {
                out[1 + i] = header.get(i);
              }
              for (int i = 0; i < rest.size(); i++) {
                out[1 + header.size() + i] = rest.get(i);
              }
              return out;
            });
  }

  @Provide
  Arbitrary<String> jsonSoup() {
    return Arbitraries.of(JSON_TOKENS).list().ofMaxSize(40).map(tokens -> String.join("", tokens));
  }

  @Provide
  Arbitrary<Seed> seeds() {
    return Arbitraries.of(SEEDS);
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return Combinators.combine(
            Arbitraries.of(Mutation.Kind.class), Arbitraries.integers().between(0, 1_000), Arbitraries.bytes())
        .as(Mutation::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  record Seed(Serializer serializer, Frame frame) {
    byte[] bytes() {
      return frame instanceof Frame.Binary binary
          ? binary.bytes().toArray()
          : ((Frame.Text) frame).text().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return serializer.vsn() + " " + (frame instanceof Frame.Text text ? text.text() : Arrays.toString(bytes()));
    }
  }

  /** One edit to a frame's bytes; positions wrap around the current length. */
  record Mutation(Kind kind, int position, byte value) {
    enum Kind {
      FLIP,
      TRUNCATE,
      INSERT,
      DELETE
    }

    byte[] apply(byte[] in) {
      return switch (kind) {
        case FLIP -> flip(in);
        case TRUNCATE -> Arrays.copyOf(in, position % (in.length + 1));
        case INSERT -> insert(in);
        case DELETE -> delete(in);
      };
    }

    private byte[] flip(byte[] in) {
      if (in.length == 0) {
        return in;
      }
      byte[] out = in.clone();
      out[position % in.length] ^= value == 0 ? 1 : value;
      return out;
    }

    private byte[] insert(byte[] in) {
      int at = position % (in.length + 1);
      byte[] out = new byte[in.length + 1];
      System.arraycopy(in, 0, out, 0, at);
      out[at] = value;
      System.arraycopy(in, at, out, at + 1, in.length - at);
      return out;
    }

    private byte[] delete(byte[] in) {
      if (in.length == 0) {
        return in;
      }
      int at = position % in.length;
      byte[] out = new byte[in.length - 1];
      System.arraycopy(in, 0, out, 0, at);
      System.arraycopy(in, at + 1, out, at, in.length - at - 1);
      return out;
    }
  }
}
