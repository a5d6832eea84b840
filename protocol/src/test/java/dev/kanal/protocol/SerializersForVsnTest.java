package dev.kanal.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SerializersForVsnTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"1.0.0", "1.0.5", "1.0.42"})
  void missingOrOneZeroPatchVsnSpeaksV1(String vsn) {
    assertSame(Serializers.V1, Serializers.forVsn(vsn).orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.0.0", "2.0.7"})
  void twoZeroPatchVsnSpeaksV2(String vsn) {
    assertSame(Serializers.V2, Serializers.forVsn(vsn).orElseThrow());
  }

  // Phoenix matches "~> 1.0.0" and "~> 2.0.0": minor bumps, other majors, pre-releases and junk are refused.
  @ParameterizedTest
  @ValueSource(strings = {"3.0.0", "2.1.0", "1.1.0", "0.9.0", "abc", "", "2", "2.0", "2.0.0-rc.1", " 2.0.0", "2.0.0 "})
  void unsupportedVsnHasNoSerializer(String vsn) {
    assertTrue(Serializers.forVsn(vsn).isEmpty(), () -> "expected no serializer for '" + vsn + "'");
  }

  @Test
  void serializersReportTheirVersionFamily() {
    assertEquals("1.0.0", Serializers.V1.vsn());
    assertEquals("2.0.0", Serializers.V2.vsn());
  }
}
