package dev.kanal.persistence.filter;

import static dev.kanal.persistence.filter.Orders.RECORDS;
import static dev.kanal.persistence.filter.Orders.ids;
import static dev.kanal.persistence.filter.Orders.json;
import static dev.kanal.persistence.filter.Orders.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.schema.FieldType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTest {
  private static List<Long> listed(String... params) {
    return ids(params(params).apply(RECORDS));
  }

  @ParameterizedTest(name = "sort={0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Nulls (4) and absent fields (5) first ascending, last descending; ties keep record order.
        "customer_id        | 4,5,1,3,2,6",
        "-customer_id       | 6,2,1,3,4,5",
        "price              | 4,5,3,1,2,6",
        "-price             | 6,2,1,3,4,5",
        // Lexicographic: "Banana" before "apple".
        "name               | 4,5,2,1,6,3",
        "-name              | 3,6,1,2,4,5",
        // As instants: 10:00:00.500Z (2) after 10:00:00Z (1), though it sorts first as text.
        "due_at             | 4,5,3,1,2,6",
        "-due_at            | 6,2,1,3,4,5",
        "paid               | 4,5,2,3,1,6",
        "-paid              | 1,6,2,3,4,5",
        "-inserted_at       | 5,4,3,2,1,6",
        "id                 | 1,2,3,4,5,6",
        "-id                | 6,5,4,3,2,1",
        "customer_id,-price | 4,5,1,3,2,6",
        "customer_id,price  | 4,5,3,1,2,6",
        "paid,-customer_id  | 4,5,2,3,6,1",
        "' -paid , name '   | 1,6,2,3,4,5",
      })
  void sorts(String sort, String ids) {
    assertEquals(ids(ids), listed("sort", sort));
  }

  @Test
  void repeatedSortParametersAddKeysInOrder() {
    assertEquals(listed("sort", "paid,-customer_id"), listed("sort", "paid", "sort", "-customer_id"));
  }

  @Test
  void tiesKeepTheOrderTheRecordsCameIn() {
    List<ObjectNode> reversed = new ArrayList<>(RECORDS);
    Collections.reverse(reversed);

    assertEquals(List.of(5L, 4L, 3L, 1L, 2L, 6L), ids(params("sort", "customer_id").apply(reversed)));
  }

  @Test
  void aValueOfAnotherTypeSortsWithTheNulls() {
    List<ObjectNode> records = List.of(json("{\"id\":1,\"customer_id\":3}"), json("{\"id\":2,\"customer_id\":\"x\"}"));

    assertEquals(List.of(2L, 1L), ids(params("sort", "customer_id").apply(records)));
  }

  @Test
  void limitKeepsTheFirstRecords() {
    assertEquals(List.of(1L, 2L), listed("limit", "2"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), listed("limit", "6"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), listed("limit", "100"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), listed("limit", "99999999999999999999"));
    assertEquals(List.of(1L), listed("limit", " 01 "));
  }

  @Test
  void filterThenSortThenLimit() {
    assertEquals(List.of(6L, 2L), listed("customer_id", "gte.5", "sort", "-price", "limit", "2"));
    assertEquals(List.of(3L), listed("limit", "1", "sort", "price", "customer_id", "5"));
  }

  @Test
  void applyLeavesItsInputAlone() {
    List<ObjectNode> records = new ArrayList<>(RECORDS);

    params("sort", "-id", "limit", "3").apply(records);

    assertEquals(RECORDS, records);
  }

  @Test
  void parsedQueryHoldsTheKeysAndTheLimit() {
    Query query = params("sort", "-due_at,name", "limit", "10");

    assertEquals(Filter.ALL, query.filter());
    assertEquals(
        List.of(new SortKey("due_at", true, FieldType.DATETIME), new SortKey("name", false, FieldType.STRING)),
        query.sort());
    assertEquals(OptionalInt.of(10), query.limit());
  }

  @Test
  void constructorsRefuseANonPositiveLimitAndKeysWithoutOrder() {
    assertThrows(IllegalArgumentException.class, () -> new Query(Filter.ALL, List.of(), OptionalInt.of(0)));
    assertThrows(IllegalArgumentException.class, () -> new SortKey("tags", false, FieldType.ARRAY));
    assertThrows(IllegalArgumentException.class, () -> new SortKey("meta", false, FieldType.OBJECT));
  }
}
