package dev.kanal.protocol;

import static dev.kanal.protocol.JsonCodec.MAX_NESTING_DEPTH;
import static dev.kanal.protocol.TestFrames.decodeInvalid;
import static dev.kanal.protocol.TestFrames.decodeOk;
import static dev.kanal.protocol.TestFrames.text;

import org.junit.jupiter.api.Test;

/** Documents nested deeper than JsonCodec.MAX_NESTING_DEPTH, counting the envelope, are refused. */
class NestingDepthTest {

  /** A V2 frame whose whole document nests {@code depth} levels (the envelope array is one). */
  private static Frame v2Frame(int depth) {
    return text("[null,\"1\",\"t\",\"e\"," + nestedArray(depth - 1) + "]");
  }

  /** A V1 frame whose whole document nests {@code depth} levels (the envelope object is one). */
  private static Frame v1Frame(int depth) {
    return text("{\"topic\":\"t\",\"event\":\"e\",\"payload\":" + nestedObject(depth - 1) + "}");
  }

  private static String nestedArray(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String nestedObject(int depth) {
    return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  }

  @Test
  void v2AcceptsTheMaximumDepth() {
    decodeOk(Serializers.V2, v2Frame(MAX_NESTING_DEPTH));
  }

  @Test
  void v2RefusesOneLevelDeeper() {
    decodeInvalid(Serializers.V2, v2Frame(MAX_NESTING_DEPTH + 1));
  }

  @Test
  void v1AcceptsTheMaximumDepth() {
    decodeOk(Serializers.V1, v1Frame(MAX_NESTING_DEPTH));
  }

  @Test
  void v1RefusesOneLevelDeeper() {
    decodeInvalid(Serializers.V1, v1Frame(MAX_NESTING_DEPTH + 1));
  }

  @Test
  void tenThousandLevelsAreRefusedWithoutOverflowingTheStack() {
    decodeInvalid(Serializers.V2, v2Frame(10_000));
    decodeInvalid(Serializers.V1, v1Frame(10_000));
    decodeInvalid(Serializers.V2, text(nestedArray(10_000)));
    decodeInvalid(Serializers.V1, text(nestedArray(10_000)));
  }
}
