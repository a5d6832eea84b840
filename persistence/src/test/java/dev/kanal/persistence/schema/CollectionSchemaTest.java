package dev.kanal.persistence.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.typesafe.config.ConfigFactory;
import dev.kanal.persistence.json.Json;
import dev.kanal.persistence.schema.CollectionSchema.Validated;
import dev.kanal.persistence.schema.CollectionSchema.WriteMode;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A collection declared in HOCON, and the writes it lets through. */
class CollectionSchemaTest {
  private static final String ORDERS = """
      id = serial
      hook = "com.example.OrderHook"
      fields {
        customer { type = string, required = true }
        quantity { type = integer, default = "1" }
        state { type = string, enum = [open, paid, done], default = open }
        size { type = integer, enum = ["1", 2, 3] }
        note { type = string }
        paid { type = boolean, required = true, default = false }
        due_at { type = datetime, default = "2024-05-03T12:00:00+02:00" }
      }
      """;

  private static CollectionSchema schema(String hocon) {
    return CollectionSchema.fromConfig("orders", ConfigFactory.parseString(hocon));
  }

  private static final CollectionSchema ORDERS_SCHEMA = schema(ORDERS);

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** Equal JSON, numbers compared by value: 1 parsed is an int node, 1 cast a long node. */
  private static void assertJson(JsonNode expected, JsonNode actual) {
    Comparator<JsonNode> byValue = (a, b) -> a.isNumber() && b.isNumber()
        ? a.decimalValue().compareTo(b.decimalValue())
        : a.equals(b) ? 0 : 1;
    assertTrue(expected.equals(byValue, actual), () -> "expected " + expected + " but was " + actual);
  }

  private static ObjectNode ok(ObjectNode input, WriteMode mode) {
    return assertInstanceOf(Validated.Ok.class, ORDERS_SCHEMA.validate(input, mode), () -> "for " + input).values();
  }

  private static FieldErrors invalid(CollectionSchema schema, ObjectNode input, WriteMode mode) {
    return assertInstanceOf(Validated.Invalid.class, schema.validate(input, mode), () -> "for " + input).errors();
  }

  private static IllegalArgumentException loadFails(String hocon) {
    return assertThrows(IllegalArgumentException.class, () -> schema(hocon));
  }

  // --- fromConfig ---

  @Test
  void readsIdKindHookAndFields() {
    assertEquals("orders", ORDERS_SCHEMA.name());
    assertEquals(IdKind.SERIAL, ORDERS_SCHEMA.idKind());
    assertEquals(Optional.of("com.example.OrderHook"), ORDERS_SCHEMA.hookClass());
    assertEquals(Set.of("customer", "quantity", "state", "size", "note", "paid", "due_at"), ORDERS_SCHEMA.fields().keySet());
    FieldSpec customer = ORDERS_SCHEMA.fields().get("customer");
    assertEquals(FieldType.STRING, customer.type());
    assertTrue(customer.required());
    assertEquals(Optional.empty(), customer.defaultValue());
    assertFalse(ORDERS_SCHEMA.fields().get("note").required(), "required defaults to false");
  }

  @Test
  void idsAreUuidsUnlessDeclaredAndTheKindIgnoresCase() {
    assertEquals(IdKind.UUID, schema("fields { a { type = string } }").idKind());
    assertEquals(IdKind.UUID, schema("id = uuid").idKind());
    assertEquals(IdKind.SERIAL, schema("id = SERIAL").idKind());
    assertEquals(Optional.empty(), schema("id = uuid").hookClass());
    assertTrue(schema("id = uuid").fields().isEmpty(), "a collection without fields");
  }

  @Test
  void anUnknownIdKindFailsAtLoad() {
    IllegalArgumentException e = loadFails("id = guid");
    assertTrue(e.getMessage().startsWith("kanal.collections.orders: "), e.getMessage());
    assertTrue(e.getMessage().contains("unknown id kind \"guid\""), e.getMessage());
  }

  @Test
  void defaultsAndEnumValuesAreCastToTheFieldType() {
    assertEquals(Optional.of(LongNode.valueOf(1)), ORDERS_SCHEMA.fields().get("quantity").defaultValue());
    assertEquals(Optional.of(TextNode.valueOf("2024-05-03T10:00:00Z")), ORDERS_SCHEMA.fields().get("due_at").defaultValue());
    assertEquals(
        List.of(LongNode.valueOf(1), LongNode.valueOf(2), LongNode.valueOf(3)), ORDERS_SCHEMA.fields().get("size").allowed());
    assertEquals(
        List.of(TextNode.valueOf("open"), TextNode.valueOf("paid"), TextNode.valueOf("done")),
        ORDERS_SCHEMA.fields().get("state").allowed());
  }

  @Test
  void objectAndArrayDefaultsComeFromHoconStructures() {
    CollectionSchema schema = schema("fields { m { type = object, default { a = 1 } }, l { type = array, default = [1, x] } }");
    assertJson(json("{\"a\":1}"), schema.fields().get("m").defaultValue().orElseThrow());
    assertEquals(Json.MAPPER.valueToTree(List.of(1, "x")), schema.fields().get("l").defaultValue().orElseThrow());
  }

  @Test
  void aDefaultOfTheWrongTypeFailsAtLoadNamingTheField() {
    IllegalArgumentException e = loadFails("fields { quantity { type = integer, default = many } }");
    assertTrue(e.getMessage().startsWith("kanal.collections.orders: "), e.getMessage());
    assertTrue(e.getMessage().contains("default of quantity must be an integer"), e.getMessage());
  }

  @Test
  void aDefaultOutsideTheEnumFailsAtLoadNamingTheField() {
    IllegalArgumentException e = loadFails("fields { size { type = string, enum = [a, b], default = c } }");
    assertTrue(e.getMessage().contains("default of size is not one of its enum values"), e.getMessage());
  }

  @Test
  void numberEnumsCompareByValueWhateverTheSpelling() {
    CollectionSchema prices = schema("fields { p { type = number, enum = [1.5, 2] } }");
    for (String given : List.of("{\"p\":1.5}", "{\"p\":\"1.5\"}", "{\"p\":2.0}", "{\"p\":\"2\"}")) {
      assertInstanceOf(CollectionSchema.Validated.Ok.class, prices.validate(json(given), WriteMode.CREATE), given);
    }
    assertInstanceOf(CollectionSchema.Validated.Invalid.class, prices.validate(json("{\"p\":3}"), WriteMode.CREATE));
  }

  @Test
  void anEnumValueOfTheWrongTypeFailsAtLoadNamingTheField() {
    IllegalArgumentException e = loadFails("fields { size { type = integer, enum = [1, big] } }");
    assertTrue(e.getMessage().contains("of size must be an integer"), e.getMessage());
    assertTrue(e.getMessage().contains("big"), e.getMessage());
  }

  @Test
  void anUnknownTypeFailsAtLoad() {
    IllegalArgumentException e = loadFails("fields { price { type = money } }");
    assertTrue(e.getMessage().startsWith("kanal.collections.orders: "), e.getMessage());
    assertTrue(e.getMessage().contains("unknown field type \"money\""), e.getMessage());
  }

  @Test
  void aFieldWithoutTypeFailsAtLoad() {
    IllegalArgumentException e = loadFails("fields { price { required = true } }");
    assertTrue(e.getMessage().startsWith("kanal.collections.orders: "), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "inserted_at", "updated_at"})
  void declaringAServerFieldFailsAtLoad(String field) {
    IllegalArgumentException e = loadFails("fields { " + field + " { type = string } }");
    assertTrue(e.getMessage().contains("\"" + field + "\" is kept by the server"), e.getMessage());
  }

  @Test
  void typeOfKnowsServerFieldsAndTheIdKind() {
    assertEquals(Optional.of(FieldType.INTEGER), ORDERS_SCHEMA.typeOf("id"));
    assertEquals(Optional.of(FieldType.STRING), schema("id = uuid").typeOf("id"));
    assertEquals(Optional.of(FieldType.DATETIME), ORDERS_SCHEMA.typeOf("inserted_at"));
    assertEquals(Optional.of(FieldType.DATETIME), ORDERS_SCHEMA.typeOf("updated_at"));
    assertEquals(Optional.of(FieldType.BOOLEAN), ORDERS_SCHEMA.typeOf("paid"));
    assertEquals(Optional.empty(), ORDERS_SCHEMA.typeOf("price"));
  }

  // --- validate: CREATE ---

  @Test
  void createAppliesDefaultsAndLeavesOtherFieldsNull() {
    ObjectNode values = ok(json("{\"customer\":\"ada\"}"), WriteMode.CREATE);
    assertJson(
        json("""
            {"customer":"ada","quantity":1,"state":"open","size":null,"note":null,"paid":false,
             "due_at":"2024-05-03T10:00:00Z"}"""),
        values);
    assertTrue(values.get("size").isNull(), "present as null, not missing");
  }

  @Test
  void createCastsGivenValues() {
    ObjectNode values = ok(
        json("{\"customer\":\"ada\",\"quantity\":\"3\",\"size\":\"2\",\"paid\":\"true\",\"due_at\":\"2024-05-04\"}"),
        WriteMode.CREATE);
    assertEquals(LongNode.valueOf(3), values.get("quantity"));
    assertEquals(LongNode.valueOf(2), values.get("size"));
    assertTrue(values.get("paid").booleanValue());
    assertEquals("2024-05-04T00:00:00Z", values.get("due_at").textValue());
  }

  @Test
  void aRequiredFieldWithADefaultMayBeLeftOut() {
    ObjectNode values = ok(json("{\"customer\":\"ada\"}"), WriteMode.CREATE);
    assertFalse(values.get("paid").booleanValue());
  }

  @Test
  void aRequiredFieldLeftOutOrNullCantBeBlank() {
    assertEquals(
        FieldErrors.of("customer", "can't be blank"), invalid(ORDERS_SCHEMA, json("{}"), WriteMode.CREATE));
    assertEquals(
        FieldErrors.of("customer", "can't be blank"),
        invalid(ORDERS_SCHEMA, json("{\"customer\":null}"), WriteMode.CREATE));
    assertEquals(
        FieldErrors.of("paid", "can't be blank"),
        invalid(ORDERS_SCHEMA, json("{\"customer\":\"ada\",\"paid\":null}"), WriteMode.CREATE),
        "an explicit null does not take the default");
  }

  @Test
  void anOptionalFieldMayBeNull() {
    assertTrue(ok(json("{\"customer\":\"ada\",\"note\":null,\"state\":null}"), WriteMode.CREATE).get("state").isNull());
  }

  @Test
  void anUnknownFieldIsNotAFieldOfTheCollection() {
    assertEquals(
        FieldErrors.of("colour", "is not a field of orders"),
        invalid(ORDERS_SCHEMA, json("{\"customer\":\"ada\",\"colour\":\"red\"}"), WriteMode.CREATE));
  }

  @Test
  void serverFieldsInABodyAreIgnored() {
    ObjectNode values = ok(
        json("{\"customer\":\"ada\",\"id\":99,\"inserted_at\":\"x\",\"updated_at\":\"y\"}"), WriteMode.CREATE);
    assertFalse(values.has("id"));
    assertFalse(values.has("inserted_at"));
    assertFalse(values.has("updated_at"));
  }

  @Test
  void aValueOfTheWrongTypeOrOutsideTheEnumIsRefused() {
    assertEquals(
        FieldErrors.of("quantity", "must be an integer"),
        invalid(ORDERS_SCHEMA, json("{\"customer\":\"ada\",\"quantity\":1.5}"), WriteMode.CREATE));
    assertEquals(
        FieldErrors.of("state", "must be one of open, paid, done"),
        invalid(ORDERS_SCHEMA, json("{\"customer\":\"ada\",\"state\":\"lost\"}"), WriteMode.CREATE));
    assertEquals(
        FieldErrors.of("size", "must be one of 1, 2, 3"),
        invalid(ORDERS_SCHEMA, json("{\"customer\":\"ada\",\"size\":4}"), WriteMode.CREATE));
  }

  @Test
  void everyErrorIsCollectedPerFieldInTheAnswerShape() {
    FieldErrors errors = invalid(
        ORDERS_SCHEMA,
        json("{\"quantity\":\"lots\",\"state\":\"lost\",\"paid\":\"yes\",\"colour\":1,\"shape\":2}"),
        WriteMode.CREATE);
    assertEquals(
        json("""
            {"errors":{"colour":["is not a field of orders"],"customer":["can't be blank"],
             "paid":["must be a boolean"],"quantity":["must be an integer"],
             "shape":["is not a field of orders"],"state":["must be one of open, paid, done"]}}"""),
        errors.toJson());
  }

  @Test
  void aFieldWithSeveralErrorsListsThemAllInOrder() {
    FieldErrors errors = new FieldErrors.Builder().add("b", "second field").add("a", "one").add("a", "two").build();
    assertEquals(json("{\"errors\":{\"a\":[\"one\",\"two\"],\"b\":[\"second field\"]}}"), errors.toJson());
    assertEquals(List.of("a", "b"), List.copyOf(errors.byField().keySet()));
    assertTrue(new FieldErrors.Builder().isEmpty());
  }

  // --- validate: MERGE and REPLACE ---

  @Test
  void mergeHoldsOnlyTheGivenFields() {
    assertJson(json("{\"note\":\"hi\",\"quantity\":2}"), ok(json("{\"note\":\"hi\",\"quantity\":\"2\"}"), WriteMode.MERGE));
    assertEquals(json("{}"), ok(json("{}"), WriteMode.MERGE), "required fields left out keep their value");
  }

  @Test
  void mergeStillChecksWhatIsGiven() {
    assertEquals(
        FieldErrors.of("customer", "can't be blank"),
        invalid(ORDERS_SCHEMA, json("{\"customer\":null}"), WriteMode.MERGE));
    assertEquals(
        FieldErrors.of("state", "must be one of open, paid, done"),
        invalid(ORDERS_SCHEMA, json("{\"state\":\"lost\"}"), WriteMode.MERGE));
    assertEquals(
        FieldErrors.of("colour", "is not a field of orders"),
        invalid(ORDERS_SCHEMA, json("{\"colour\":\"red\"}"), WriteMode.MERGE));
  }

  @Test
  void replaceResetsLeftOutFieldsToTheirDefaultOrNull() {
    ObjectNode values = ok(json("{\"customer\":\"bob\",\"note\":\"x\"}"), WriteMode.REPLACE);
    assertJson(
        json("""
            {"customer":"bob","quantity":1,"state":"open","size":null,"note":"x","paid":false,
             "due_at":"2024-05-03T10:00:00Z"}"""),
        values);
  }

  @Test
  void replaceNeedsTheRequiredFields() {
    assertEquals(
        FieldErrors.of("customer", "can't be blank"), invalid(ORDERS_SCHEMA, json("{\"note\":\"x\"}"), WriteMode.REPLACE));
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void validationDoesNotChangeTheInput(WriteMode mode) {
    ObjectNode input = json("{\"customer\":\"ada\",\"quantity\":\"3\"}");
    ORDERS_SCHEMA.validate(input, mode);
    assertEquals(json("{\"customer\":\"ada\",\"quantity\":\"3\"}"), input);
  }

  @Test
  void fieldsAreUnmodifiable() {
    assertThrows(UnsupportedOperationException.class, () -> ORDERS_SCHEMA.fields().remove("note"));
  }

  @Test
  void aNumberFieldAcceptsNumbersAndNumericStrings() {
    CollectionSchema prices = schema("fields { price { type = number } }");
    JsonNode fromString = assertInstanceOf(
        Validated.Ok.class, prices.validate(json("{\"price\":\"2.50\"}"), WriteMode.CREATE)).values().get("price");
    assertTrue(fromString.isNumber());
    assertEquals(0, fromString.decimalValue().compareTo(new java.math.BigDecimal("2.5")));
  }
}
