package dev.kanal.persistence.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kanal.persistence.filter.Filter;
import dev.kanal.persistence.filter.FilterParser;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.schema.FieldSpec;
import dev.kanal.persistence.schema.FieldType;
import dev.kanal.persistence.schema.IdKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How one change looks through a subscriber's filter, and the payload it is sent. */
class ChangeViewTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-03T10:15:30Z"), ZoneOffset.UTC);
  private static final CollectionSchema ORDERS = orders();

  private static CollectionSchema orders() {
    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    fields.put("state", FieldSpec.of("state", FieldType.STRING));
    fields.put("customer_id", FieldSpec.of("customer_id", FieldType.INTEGER));
    return new CollectionSchema("orders", IdKind.SERIAL, fields, Optional.empty());
  }

  /** Subscribers who want open orders. */
  private static final Filter OPEN = filter("{\"state\":\"open\"}");
  private static final Filter EVERYTHING = filter("{}");

  private static Filter filter(String options) {
    return FilterParser.parseOptions(EntityHarness.object(options), ORDERS, CLOCK);
  }

  /** Equal JSON, numbers compared by value: payloads hold long nodes, parsed text int nodes. */
  private static void assertJson(String expected, JsonNode actual) {
    JsonNode wanted = EntityHarness.object(expected);
    Comparator<JsonNode> byValue = (a, b) -> a.isNumber() && b.isNumber()
        ? a.decimalValue().compareTo(b.decimalValue())
        : a.equals(b) ? 0 : 1;
    assertTrue(actual != null && wanted.equals(byValue, actual), () -> "expected " + wanted + " but was " + actual);
  }

  private static ObjectNode order(String state) {
    return state == null ? null : EntityHarness.object("{\"id\":7,\"state\":\"" + state + "\",\"customer_id\":3}");
  }

  private static Change change(String action, String before, String after) {
    return new Change("orders", 12, Change.Action.valueOf(action), LongNode.valueOf(7), order(before), order(after));
  }

  /** The full table: action, record before, record after (empty: none), and the view of open orders. */
  @ParameterizedTest(name = "{0} {1} -> {2}: {3}")
  @CsvSource({
    "CREATE, ,       open,   AS_IS",
    "CREATE, ,       paid,   SKIP",
    "UPDATE, open,   open,   AS_IS",
    "UPDATE, paid,   open,   AS_IS",
    "UPDATE, open,   paid,   DELETE",
    "UPDATE, paid,   done,   SKIP",
    "DELETE, open,   ,       AS_IS",
    "DELETE, paid,   ,       SKIP",
  })
  void aChangeLooksToAFilterAsTheTableSays(String action, String before, String after, ChangeView view) {
    assertEquals(view, ChangeView.of(change(action, before, after), OPEN));
  }

  @ParameterizedTest
  @CsvSource({"CREATE, , open", "UPDATE, open, paid", "DELETE, paid, "})
  void withoutConditionsEveryChangeIsSeenAsItIs(String action, String before, String after) {
    assertEquals(ChangeView.AS_IS, ChangeView.of(change(action, before, after), EVERYTHING));
  }

  @Test
  void aChangeInTheFilterIsSeenAsItIs() {
    Change created = change("CREATE", null, "open");
    assertSame(created, created.seenThrough(OPEN));

    Change movedIn = change("UPDATE", "paid", "open").seenThrough(OPEN);
    assertEquals(Change.Action.UPDATE, movedIn.action(), "moving in is an update: replace or append");
    assertEquals(order("open"), movedIn.after());
  }

  @Test
  void aMoveOutIsSeenAsADeleteOfTheRecord() {
    Change movedOut = change("UPDATE", "open", "paid").seenThrough(OPEN);
    assertEquals(Change.Action.DELETE, movedOut.action());
    assertEquals(LongNode.valueOf(7), movedOut.id());
    assertEquals(12, movedOut.seq());
    assertNull(movedOut.after());
  }

  @Test
  void aDeleteIsSeenAsItIs() {
    Change deleted = change("DELETE", "open", null);
    assertSame(deleted, deleted.seenThrough(OPEN));
    assertSame(deleted, deleted.seenThrough(EVERYTHING));
    assertSame(deleted, deleted.asDeletion());
  }

  @Test
  void aSkippedChangeIsNotSeen() {
    assertNull(change("UPDATE", "paid", "done").seenThrough(OPEN));
    assertNull(change("CREATE", null, "paid").seenThrough(OPEN));
    assertNull(change("DELETE", "paid", null).seenThrough(OPEN));
  }

  @Test
  void aUuidIdKeepsItsType() {
    Change deleted = new Change("orders", 3, Change.Action.DELETE, TextNode.valueOf("0190-ab"), order("open"), null);
    assertJson("{\"id\":\"0190-ab\"}", deleted.idOnly());
  }

  @Test
  void filtersOnOtherFieldsAndSpellingsGiveTheSameTable() {
    Filter bigCustomer = filter("{\"customer_id\":\"gt.2\"}");
    ObjectNode small = EntityHarness.object("{\"id\":7,\"state\":\"open\",\"customer_id\":1}");
    ObjectNode big = EntityHarness.object("{\"id\":7,\"state\":\"open\",\"customer_id\":3}");
    Change grew = new Change("orders", 5, Change.Action.UPDATE, LongNode.valueOf(7), small, big);
    Change shrank = new Change("orders", 6, Change.Action.UPDATE, LongNode.valueOf(7), big, small);
    assertEquals(ChangeView.AS_IS, ChangeView.of(grew, bigCustomer));
    assertEquals(ChangeView.DELETE, ChangeView.of(shrank, bigCustomer));
  }
}
