package dev.kanal.persistence.filter;

import static dev.kanal.persistence.filter.Orders.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kanal.persistence.json.Json;
import dev.kanal.persistence.schema.FieldType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compiled model on its own, built by hand. */
class FilterTest {
  private static FieldValue value(FieldType type, JsonNode node) {
    return FieldValue.of(type, node).orElseThrow();
  }

  private static FieldValue integer(long value) {
    return value(FieldType.INTEGER, LongNode.valueOf(value));
  }

  private static Filter.Compare compare(String field, Op op, long value) {
    return new Filter.Compare(field, op, integer(value));
  }

  @Test
  void integersAndDecimalsCompareNumerically() {
    Filter.Compare atLeastTen = new Filter.Compare("n", Op.GTE, value(FieldType.NUMBER, IntNode.valueOf(10)));

    assertTrue(atLeastTen.test(json("{\"n\":10.0}")));
    assertTrue(atLeastTen.test(json("{\"n\":12}")));
    assertFalse(atLeastTen.test(json("{\"n\":9.999}")));
    assertFalse(atLeastTen.test(json("{\"n\":-11}")));
  }

  @Test
  void longsBeyondADoublesPrecisionStayExact() {
    Filter.Compare equal = compare("n", Op.EQ, 9007199254740993L);

    assertTrue(equal.test(json("{\"n\":9007199254740993}")));
    assertFalse(equal.test(json("{\"n\":9007199254740992}")));
  }

  @Test
  void numericValuesAreEqualWhateverTheirSpelling() {
    FieldValue five = value(FieldType.NUMBER, IntNode.valueOf(5));
    List<JsonNode> fives =
        List.of(LongNode.valueOf(5), DoubleNode.valueOf(5.0), DecimalNode.valueOf(new BigDecimal("5.000")));
    for (JsonNode same : fives) {
      assertEquals(five, value(FieldType.NUMBER, same));
      assertEquals(five.hashCode(), value(FieldType.NUMBER, same).hashCode());
    }
    assertNotEquals(five, value(FieldType.NUMBER, DoubleNode.valueOf(5.1)));
  }

  @Test
  void objectsAndArraysAreEqualWithNumbersComparedByValue() {
    FieldValue object = value(FieldType.OBJECT, json("{\"a\":[1,{\"b\":2.0}]}"));

    assertEquals(object, value(FieldType.OBJECT, json("{\"a\":[1.0,{\"b\":2}]}")));
    assertEquals(object.hashCode(), value(FieldType.OBJECT, json("{\"a\":[1.0,{\"b\":2}]}")).hashCode());
    assertNotEquals(object, value(FieldType.OBJECT, json("{\"a\":[1,{\"b\":3}]}")));
    assertNotEquals(object, value(FieldType.OBJECT, json("{\"a\":[\"1\",{\"b\":2}]}")));
  }

  @Test
  void stringsCompareByTheirCharacters() {
    Filter.Compare beforeB = new Filter.Compare("s", Op.LT, value(FieldType.STRING, TextNode.valueOf("b")));

    assertTrue(beforeB.test(json("{\"s\":\"apple\"}")));
    assertTrue(beforeB.test(json("{\"s\":\"Zebra\"}")));
    assertTrue(beforeB.test(json("{\"s\":\"\"}")));
    assertFalse(beforeB.test(json("{\"s\":\"b\"}")));
    assertFalse(beforeB.test(json("{\"s\":\"banana\"}")));
  }

  @Test
  void dateTimesCompareAsInstantsWhateverTheirFractionalDigits() {
    Filter.Compare after =
        new Filter.Compare("t", Op.GT, value(FieldType.DATETIME, TextNode.valueOf("2024-01-01T00:00:00Z")));
    Filter.Compare same =
        new Filter.Compare("t", Op.EQ, value(FieldType.DATETIME, TextNode.valueOf("2024-01-01T00:00:00.100Z")));

    // As text, ".000000001Z" and ".1Z" sort before "Z".
    assertTrue(after.test(json("{\"t\":\"2024-01-01T00:00:00.000000001Z\"}")));
    assertTrue(after.test(json("{\"t\":\"2024-01-01T00:00:00.1Z\"}")));
    assertFalse(after.test(json("{\"t\":\"2023-12-31T23:59:59.999999999Z\"}")));
    assertFalse(after.test(json("{\"t\":\"2024-01-01T00:00:00Z\"}")));
    assertTrue(same.test(json("{\"t\":\"2024-01-01T00:00:00.1Z\"}")));
    assertTrue(same.test(json("{\"t\":\"2024-01-01T00:00:00.100000Z\"}")));
  }

  @Test
  void aMissingNullOrMistypedFieldMatchesOnlyNotEqual() {
    List<ObjectNode> records = List.of(json("{}"), json("{\"n\":null}"), json("{\"n\":\"five\"}"), json("{\"n\":[5]}"));

    for (ObjectNode record : records) {
      for (Op op : Op.values()) {
        assertEquals(op == Op.NEQ, compare("n", op, 5).test(record), op + " on " + record);
      }
      assertFalse(new Filter.In("n", FieldType.INTEGER, Set.of(integer(5)), false).test(record));
      assertTrue(new Filter.In("n", FieldType.INTEGER, Set.of(integer(5)), true).test(record));
      assertFalse(new Filter.Contains("n", TextNode.valueOf("5")).test(record));
    }
  }

  @Test
  void notANumberMatchesOnlyNotEqual() {
    ObjectNode record = json("{}");
    record.set("n", DoubleNode.valueOf(Double.NaN));

    assertTrue(compare("n", Op.NEQ, 5).test(record));
    assertFalse(compare("n", Op.LT, 5).test(record));
    assertFalse(compare("n", Op.GT, 5).test(record));
  }

  @Test
  void eachOrderingOperator() {
    ObjectNode four = json("{\"n\":4}");
    ObjectNode five = json("{\"n\":5}");
    ObjectNode six = json("{\"n\":6}");

    assertEquals(List.of(false, true, false), results(compare("n", Op.EQ, 5), four, five, six));
    assertEquals(List.of(true, false, true), results(compare("n", Op.NEQ, 5), four, five, six));
    assertEquals(List.of(true, false, false), results(compare("n", Op.LT, 5), four, five, six));
    assertEquals(List.of(true, true, false), results(compare("n", Op.LTE, 5), four, five, six));
    assertEquals(List.of(false, false, true), results(compare("n", Op.GT, 5), four, five, six));
    assertEquals(List.of(false, true, true), results(compare("n", Op.GTE, 5), four, five, six));
  }

  private static List<Boolean> results(Filter filter, ObjectNode... records) {
    return Arrays.stream(records).map(filter::test).toList();
  }

  @Test
  void containsIsASubstringOfAStringOrAnElementOfAnArray() {
    Filter.Contains red = new Filter.Contains("x", TextNode.valueOf("red"));
    Filter.Contains object = new Filter.Contains("x", json("{\"k\":1}"));

    assertTrue(red.test(json("{\"x\":\"bored\"}")));
    assertFalse(red.test(json("{\"x\":\"Red\"}")));
    assertTrue(red.test(json("{\"x\":[\"blue\",\"red\"]}")));
    assertFalse(red.test(json("{\"x\":[\"reddish\"]}")));
    assertFalse(red.test(json("{\"x\":{\"red\":1}}")));
    assertTrue(object.test(json("{\"x\":[{\"k\":1.0}]}")));
    assertFalse(object.test(json("{\"x\":[{\"k\":2}]}")));
  }

  @Test
  void isNullTellsNullAndAbsentFromAValue() {
    Filter.IsNull isNull = new Filter.IsNull("x", false);
    Filter.IsNull notNull = new Filter.IsNull("x", true);

    assertTrue(isNull.test(json("{}")));
    assertTrue(isNull.test(json("{\"x\":null}")));
    assertFalse(isNull.test(json("{\"x\":0}")));
    assertFalse(isNull.test(json("{\"x\":\"\"}")));
    assertFalse(notNull.test(json("{}")));
    assertTrue(notNull.test(json("{\"x\":false}")));
  }

  @Test
  void andOrAndAll() {
    Filter low = compare("n", Op.LT, 3);
    Filter high = compare("n", Op.GT, 7);
    Filter even = new Filter.In("n", FieldType.INTEGER, Set.of(integer(2), integer(8)), false);
    ObjectNode two = json("{\"n\":2}");
    ObjectNode one = json("{\"n\":1}");
    ObjectNode five = json("{\"n\":5}");

    assertEquals(List.of(true, true, false), results(new Filter.Or(List.of(low, high)), two, one, five));
    assertEquals(List.of(true, false, false), results(new Filter.And(List.of(low, even)), two, one, five));
    assertEquals(
        List.of(true, false, false),
        results(new Filter.And(List.of(even, new Filter.Or(List.of(low, high)))), two, one, five));
    assertEquals(List.of(true, true, true), results(Filter.ALL, two, one, five));
    assertEquals(List.of(false, false, false), results(new Filter.Or(List.of()), two, one, five));
  }

  @Test
  void constructorsRefuseAnOrderOnTypesWithoutOne() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Filter.Compare("b", Op.LT, value(FieldType.BOOLEAN, BooleanNode.TRUE)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Filter.Compare("a", Op.GT, value(FieldType.ARRAY, Json.MAPPER.createArrayNode())));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Filter.In("n", FieldType.STRING, Set.of(integer(1)), false));
  }
}
