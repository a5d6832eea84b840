package dev.kanal.protocol;

import static dev.kanal.protocol.TestFrames.binary;
import static dev.kanal.protocol.TestFrames.decodeInvalid;
import static dev.kanal.protocol.TestFrames.text;
import static org.junit.jupiter.api.Named.named;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A regression corpus of hostile frames: every one is Invalid, with a reason, for V1 and V2 alike. */
class KnownBadFramesTest {

  private static final List<Named<Frame>> CORPUS =
      List.of(
          named("empty binary frame", binary()),
          named("binary push: kind byte only", binary(0)),
          named("binary push: header cut after three lengths", binary(0, 0, 0, 1)),
          named("binary push: topic length runs past the end", binary(0, 0, 0, 5, 1, 't', 'e')),
          named("binary push: event length runs past the end", binary(0, 0, 0, 1, 200, 't', 'e')),
          named("binary push: every length 255, no body", binary(0, 255, 255, 255, 255)),
          named("binary push: join_ref length runs past the end", binary(0, 9, 0, 1, 1, 't', 'e')),
          named("binary push: all lengths zero", binary(0, 0, 0, 0, 0)),
          named("binary push: empty topic", binary(0, 0, 0, 0, 1, 'e', 1, 2)),
          named("binary push: empty event", binary(0, 0, 0, 1, 0, 't', 1, 2)),
          named("kind 1 (reply) from a client", binary(1, 0, 1, 1, 2, '1', 't', 'o', 'k')),
          named("kind 2 (broadcast) from a client", binary(2, 1, 1, 't', 'e', 0)),
          named("kind 3 from a client", binary(3, 0, 0, 1, 1, 't', 'e')),
          named("kind 255 from a client", binary(255, 0, 0, 1, 1, 't', 'e')),
          named("invalid UTF-8 in join_ref: 0xff", binary(0, 1, 0, 1, 1, 0xff, 't', 'e')),
          named("invalid UTF-8 in ref: cut two-byte sequence", binary(0, 0, 1, 1, 1, 0xc3, 't', 'e')),
          named("invalid UTF-8 in topic: overlong '/'", binary(0, 0, 0, 2, 1, 0xc0, 0xaf, 'e')),
          named("invalid UTF-8 in event: encoded surrogate", binary(0, 0, 0, 1, 3, 't', 0xed, 0xa0, 0x80)),
          named("invalid UTF-8 in topic: above U+10FFFF", binary(0, 0, 0, 4, 1, 0xf4, 0x90, 0x80, 0x80, 'e')),
          named("invalid UTF-8 in topic: multi-byte char split by the length", binary(0, 0, 0, 1, 1, 0xc3, 0xa9, 'e')),
          named("[", text("[")),
          named("{", text("{")),
          named("unterminated V2 array", text("[\"1\",\"2\",\"t\",\"e\",{}")),
          named("[null,null,null,null,null]", text("[null,null,null,null,null]")),
          named("{\"topic\":1}", text("{\"topic\":1}")),
          named("V1 object without payload", text("{\"topic\":\"t\",\"event\":\"e\"}")),
          named("NUL character", text("\u0000")),
          named("raw control character inside a string", text("[null,null,\"t\",\"e\",\"\u0001\"]")),
          named("number longer than the parser allows", text("[null,null,\"t\",\"e\"," + "9".repeat(5_000) + "]")),
          named("10,000-deep array", text("[".repeat(10_000) + "]".repeat(10_000))),
          named("10,000-deep array, unclosed", text("[".repeat(10_000))),
          named("10,000-deep object", text("{\"a\":".repeat(10_000) + "{}" + "}".repeat(10_000))));

  static Stream<Arguments> badFrames() {
    return Stream.of(named("V1", Serializers.V1), named("V2", Serializers.V2))
        .flatMap(serializer -> CORPUS.stream().map(frame -> Arguments.of(serializer, frame)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badFrames")
  void isInvalidWithAReason(Serializer serializer, Frame frame) {
    decodeInvalid(serializer, frame);
  }
}
