package dev.kanal.persistence.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.json.Json;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.schema.FieldSpec;
import dev.kanal.persistence.schema.FieldType;
import dev.kanal.persistence.schema.IdKind;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An "orders" collection with a field of every type and six records chosen to catch comparisons
 * done the wrong way: "12" sorts before "5" as text, "…10:00:00.5Z" before "…10:00:00Z", and
 * "Banana" before "apple".
 */
final class Orders {
  static final CollectionSchema SCHEMA =
      new CollectionSchema(
          "orders",
          IdKind.SERIAL,
          fields(
              FieldSpec.of("customer_id", FieldType.INTEGER),
              FieldSpec.of("price", FieldType.NUMBER),
              FieldSpec.of("name", FieldType.STRING),
              FieldSpec.of("paid", FieldType.BOOLEAN),
              FieldSpec.of("tags", FieldType.ARRAY),
              FieldSpec.of("meta", FieldType.OBJECT),
              FieldSpec.of("due_at", FieldType.DATETIME)),
          Optional.empty());

  /** Friday 3 May 2024, 10:15:30 UTC. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-03T10:15:30Z"), ZoneOffset.UTC);

  static final List<ObjectNode> RECORDS =
      List.of(
          json("""
              {"id":1,"customer_id":5,"price":10,"name":"apple","paid":true,"tags":["red",1],"meta":{"a":1},
               "due_at":"2024-05-01T10:00:00Z",
               "inserted_at":"2024-05-01T08:00:00Z","updated_at":"2024-05-01T08:00:00Z"}"""),
          json("""
              {"id":2,"customer_id":7,"price":10.5,"name":"Banana","paid":false,"tags":["green"],"meta":{"a":2},
               "due_at":"2024-05-01T10:00:00.500Z",
               "inserted_at":"2024-05-02T23:59:59.999999999Z","updated_at":"2024-05-02T23:59:59.999999999Z"}"""),
          json("""
              {"id":3,"customer_id":5,"price":9.99,"name":"cherry","paid":false,"tags":[],"meta":null,
               "due_at":"2024-05-01T09:59:59.123456Z",
               "inserted_at":"2024-05-03T00:00:00Z","updated_at":"2024-05-03T00:00:00Z"}"""),
          json("""
              {"id":4,"customer_id":null,"price":null,"name":null,"paid":null,"tags":null,"meta":null,
               "due_at":null,
               "inserted_at":"2024-05-03T10:00:00Z","updated_at":"2024-05-03T10:00:00Z"}"""),
          json("""
              {"id":5,
               "inserted_at":"2024-05-04T00:00:00Z","updated_at":"2024-05-04T00:00:00Z"}"""),
          json("""
              {"id":6,"customer_id":12,"price":100,"name":"apple pie","paid":true,"tags":["red","blue"],
               "meta":{"a":1,"b":[2]},
               "due_at":"2024-05-02T00:00:00Z",
               "inserted_at":"2024-04-30T12:00:00Z","updated_at":"2024-04-30T12:00:00Z"}"""));

  private Orders() {}

  private static Map<String, FieldSpec> fields(FieldSpec... specs) {
    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    for (FieldSpec spec : specs) {
      fields.put(spec.name(), spec);
    }
    return fields;
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The filter of join options written as JSON. */
  static Filter options(String json) {
    return FilterParser.parseOptions(json(json), SCHEMA, CLOCK);
  }

  /** The query of REST parameters given as name, value, name, value… (a name may repeat). */
  static Query params(String... namesAndValues) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return FilterParser.parseParams(params, SCHEMA, CLOCK);
  }

  /** The ids of the records that match, in record order. */
  static List<Long> matching(Filter filter) {
    return ids(RECORDS.stream().filter(filter::test).toList());
  }

  /** Ids written as "1,3" (or "" for none). */
  static List<Long> ids(String ids) {
    return ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
  }

  static List<Long> ids(Collection<ObjectNode> records) {
    return records.stream().map(record -> record.get("id").longValue()).toList();
  }
}
