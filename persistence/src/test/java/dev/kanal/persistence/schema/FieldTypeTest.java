package dev.kanal.persistence.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kanal.persistence.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Casting a value to a field's type: the value itself, or the same value spelled as a string. */
class FieldTypeTest {

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static JsonNode cast(FieldType type, JsonNode value) {
    return type.cast(value).orElseThrow(() -> new AssertionError(type + " refused " + value));
  }

  private static void refused(FieldType type, JsonNode value) {
    assertEquals(Optional.empty(), type.cast(value), type + " must refuse " + value);
  }

  // --- each type from its own JSON type ---

  @Test
  void aStringIsAString() {
    assertEquals(TextNode.valueOf("hi"), cast(FieldType.STRING, TextNode.valueOf("hi")));
  }

  @Test
  void anIntegerIsKeptAsALong() {
    JsonNode cast = cast(FieldType.INTEGER, json("5"));
    assertEquals(LongNode.valueOf(5), cast, "one node type for integers, however they were parsed");
    assertEquals(LongNode.valueOf(9007199254740993L), cast(FieldType.INTEGER, json("9007199254740993")));
  }

  @Test
  void aNumberKeepsItsFractionAndIntegralNumbersBecomeLongs() {
    assertEquals(5.5, cast(FieldType.NUMBER, json("5.5")).doubleValue());
    assertEquals(LongNode.valueOf(5), cast(FieldType.NUMBER, json("5")));
  }

  @Test
  void aBooleanIsABoolean() {
    assertSame(BooleanNode.TRUE, cast(FieldType.BOOLEAN, json("true")));
    assertSame(BooleanNode.FALSE, cast(FieldType.BOOLEAN, json("false")));
  }

  @Test
  void objectsAndArraysAreKeptAsTheyAre() {
    assertEquals(json("{\"a\":[1,2]}"), cast(FieldType.OBJECT, json("{\"a\":[1,2]}")));
    assertEquals(json("[1,\"x\",{}]"), cast(FieldType.ARRAY, json("[1,\"x\",{}]")));
  }

  // --- each type from a string ---

  @ParameterizedTest
  @ValueSource(strings = {"5", " 5 ", "+5"})
  void anIntegerFromAString(String text) {
    assertEquals(LongNode.valueOf(5), cast(FieldType.INTEGER, TextNode.valueOf(text)));
  }

  @Test
  void aNegativeIntegerFromAString() {
    assertEquals(LongNode.valueOf(-12), cast(FieldType.INTEGER, TextNode.valueOf("-12")));
  }

  @Test
  void aNumberFromAString() {
    JsonNode fraction = cast(FieldType.NUMBER, TextNode.valueOf("5.5"));
    assertTrue(fraction.isNumber(), "a number, not text: " + fraction.getNodeType());
    assertEquals(0, new BigDecimal("5.5").compareTo(fraction.decimalValue()));
    assertEquals(LongNode.valueOf(5), cast(FieldType.NUMBER, TextNode.valueOf("5")), "a whole number is a long");
    assertEquals(LongNode.valueOf(1000), cast(FieldType.NUMBER, TextNode.valueOf("1e3")));
  }

  @Test
  void aBooleanFromAString() {
    assertSame(BooleanNode.TRUE, cast(FieldType.BOOLEAN, TextNode.valueOf("true")));
    assertSame(BooleanNode.FALSE, cast(FieldType.BOOLEAN, TextNode.valueOf("false")));
  }

  @Test
  void anObjectFromJsonText() {
    JsonNode cast = cast(FieldType.OBJECT, TextNode.valueOf("{\"a\":1,\"b\":[true]}"));
    assertEquals(json("{\"a\":1,\"b\":[true]}"), cast);
  }

  @Test
  void anArrayFromJsonText() {
    assertEquals(json("[1,\"two\",null]"), cast(FieldType.ARRAY, TextNode.valueOf("[1,\"two\",null]")));
  }

  @ParameterizedTest
  @CsvSource({
    "2024-05-03T10:15:30Z,          2024-05-03T10:15:30Z",
    "2024-05-03T12:15:30+02:00,     2024-05-03T10:15:30Z",
    "2024-05-03T01:15:30-09:00,     2024-05-03T10:15:30Z",
    "2024-05-03T12:15:30.250+02:00, 2024-05-03T10:15:30.250Z",
    "2024-05-03T10:15:30,           2024-05-03T10:15:30Z",
    "2024-05-03T10:15,              2024-05-03T10:15:00Z",
    "2024-05-03,                    2024-05-03T00:00:00Z",
    "' 2024-05-03 ',                2024-05-03T00:00:00Z",
  })
  void aDateTimeIsNormalisedToUtcInstantText(String given, String kept) {
    assertEquals(TextNode.valueOf(kept), cast(FieldType.DATETIME, TextNode.valueOf(given)));
  }

  @Test
  void instantReadsTheSameSpellings() {
    assertEquals(Optional.of(Instant.parse("2024-05-03T10:15:30Z")), FieldType.instant("2024-05-03T12:15:30+02:00"));
    assertEquals(Optional.of(Instant.parse("2024-05-03T00:00:00Z")), FieldType.instant("2024-05-03"));
    assertEquals(Optional.empty(), FieldType.instant("yesterday"));
  }

  // --- refusals ---

  @Test
  void anIntegerRefusesFractionsAndOtherTypes() {
    refused(FieldType.INTEGER, json("5.5"));
    refused(FieldType.INTEGER, json("5.0"));
    refused(FieldType.INTEGER, TextNode.valueOf("5.5"));
    refused(FieldType.INTEGER, TextNode.valueOf("five"));
    refused(FieldType.INTEGER, TextNode.valueOf(""));
    refused(FieldType.INTEGER, json("true"));
    refused(FieldType.INTEGER, json("[5]"));
    refused(FieldType.INTEGER, json("9223372036854775808"));
    refused(FieldType.INTEGER, TextNode.valueOf("9223372036854775808"));
  }

  @Test
  void aNumberRefusesTextThatIsNoNumber() {
    refused(FieldType.NUMBER, TextNode.valueOf("5 apples"));
    refused(FieldType.NUMBER, TextNode.valueOf("NaN"));
    refused(FieldType.NUMBER, json("true"));
    refused(FieldType.NUMBER, json("{}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "TRUE", "True", "on", ""})
  void aBooleanIsOnlyTrueOrFalse(String text) {
    refused(FieldType.BOOLEAN, TextNode.valueOf(text));
  }

  @Test
  void aBooleanRefusesNumbers() {
    refused(FieldType.BOOLEAN, json("1"));
    refused(FieldType.BOOLEAN, json("0"));
  }

  @Test
  void aStringIsNotCastFromOtherTypes() {
    refused(FieldType.STRING, json("5"));
    refused(FieldType.STRING, json("true"));
    refused(FieldType.STRING, json("{}"));
    refused(FieldType.STRING, json("[\"a\"]"));
  }

  @Test
  void anObjectAndAnArrayRefuseEachOtherAndBadJson() {
    refused(FieldType.OBJECT, json("[1]"));
    refused(FieldType.OBJECT, TextNode.valueOf("[1]"));
    refused(FieldType.OBJECT, TextNode.valueOf("{\"a\":"));
    refused(FieldType.OBJECT, TextNode.valueOf("plain text"));
    refused(FieldType.OBJECT, TextNode.valueOf("{} trailing"));
    refused(FieldType.ARRAY, TextNode.valueOf("[1,2] x"));
    refused(FieldType.OBJECT, TextNode.valueOf(""));
    refused(FieldType.OBJECT, json("5"));
    refused(FieldType.ARRAY, json("{}"));
    refused(FieldType.ARRAY, TextNode.valueOf("{}"));
    refused(FieldType.ARRAY, TextNode.valueOf("[1,"));
    refused(FieldType.ARRAY, json("\"\""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-13-01", "2024-02-30", "2024-05-03T25:00:00Z", "03.05.2024", "tomorrow", "", "1714730130"})
  void aBadDateTimeIsRefused(String text) {
    refused(FieldType.DATETIME, TextNode.valueOf(text));
    assertEquals(Optional.empty(), FieldType.datetime(text));
  }

  @Test
  void aDateTimeMustBeText() {
    refused(FieldType.DATETIME, json("1714730130"));
    refused(FieldType.DATETIME, json("true"));
  }

  @Test
  void mismatchNamesTheType() {
    assertEquals("must be an integer", FieldType.INTEGER.mismatch());
    assertEquals("must be a boolean", FieldType.BOOLEAN.mismatch());
    assertEquals("must be an ISO-8601 date-time", FieldType.DATETIME.mismatch());
  }

  // --- named ---

  @ParameterizedTest
  @CsvSource({"string, STRING", "integer, INTEGER", "number, NUMBER", "boolean, BOOLEAN", "object, OBJECT",
      "array, ARRAY", "datetime, DATETIME", "Integer, INTEGER", "DATETIME, DATETIME"})
  void namedIgnoresCase(String name, FieldType type) {
    assertEquals(type, FieldType.named(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"int", "date", "text", ""})
  void namedRefusesAnUnknownTypeAndListsTheKnownOnes(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FieldType.named(name));
    assertTrue(e.getMessage().contains("unknown field type \"" + name + "\""), e.getMessage());
    assertTrue(e.getMessage().contains("string, integer, number, boolean, object, array or datetime"), e.getMessage());
  }
}
