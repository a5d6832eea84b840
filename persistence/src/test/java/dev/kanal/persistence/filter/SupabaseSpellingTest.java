package dev.kanal.persistence.filter;

import static dev.kanal.persistence.filter.Orders.ids;
import static dev.kanal.persistence.filter.Orders.json;
import static dev.kanal.persistence.filter.Orders.matching;
import static dev.kanal.persistence.filter.Orders.options;
import static dev.kanal.persistence.filter.Orders.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SupabaseSpellingTest {
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "customer_id | eq.5                          | 1,3",
        "customer_id | neq.5                         | 2,4,5,6",
        "customer_id | lt.7                          | 1,3",
        "customer_id | lte.7                         | 1,2,3",
        "customer_id | gt.5                          | 2,6",
        "customer_id | gte.7                         | 2,6",
        "customer_id | in.(5,12)                     | 1,3,6",
        "customer_id | in.( 5 , 12 )                 | 1,3,6",
        "customer_id | in.()                         | ''",
        "id          | in.(2,4)                      | 2,4",
        "price       | eq.10.0                       | 1",
        "price       | lt.10                         | 3",
        "price       | gte.10                        | 1,2,6",
        "price       | in.(10.50,100)                | 2,6",
        "name        | eq.apple                      | 1",
        "name        | eq.apple pie                  | 6",
        "name        | gt.apple                      | 3,6",
        "name        | eq.                           | ''",
        "name        | in.(apple pie,cherry)         | 3,6",
        "name        | eq.eq.apple                   | ''",
        "paid        | eq.true                       | 1,6",
        "paid        | neq.true                      | 2,3,4,5",
        "paid        | in.(false)                    | 2,3",
        "due_at      | gt.2024-05-01T10:00:00Z       | 2,6",
        "due_at      | lte.2024-05-01T10:00:00.500Z  | 1,2,3",
        "due_at      | eq.2024-05-01T12:00:00+02:00  | 1",
        "inserted_at | gte.2024-05-03                | 3,4,5",
        "meta        | eq.{\"a\":2}                  | 2",
      })
  void eachOperatorInOptionsAndInRest(String field, String value, String ids) {
    ObjectNode options = json("{}");
    options.put(field, value);

    assertEquals(ids(ids), matching(FilterParser.parseOptions(options, Orders.SCHEMA, Orders.CLOCK)), "options");
    assertEquals(ids(ids), matching(params(field, value).filter()), "query parameter");
  }

  @Test
  void quotedItemsMayHoldCommasParenthesesAndQuotes() {
    Filter filter = params("name", "in.(\"a,b\",\"(c)\",\"say \\\"hi\\\"\",\"back\\\\slash\")").filter();

    for (String name : List.of("a,b", "(c)", "say \"hi\"", "back\\slash")) {
      ObjectNode record = json("{}");
      record.put("name", name);
      assertTrue(filter.test(record), name);
    }
    ObjectNode other = json("{\"name\":\"a\"}");
    assertFalse(filter.test(other));
  }

  @Test
  void anEmptyQuotedItemIsTheEmptyString() {
    Filter filter = params("name", "in.(\"\")").filter();

    assertTrue(filter.test(json("{\"name\":\"\"}")));
    assertFalse(filter.test(json("{\"name\":\"x\"}")));
  }

  @Test
  void aFieldGivenTwiceMustMeetBoth() {
    assertEquals(List.of(1L, 2L), matching(params("price", "gte.10", "price", "lt.11").filter()));
  }

  @Test
  void onlyTheListedOperatorsAreThisSpelling() {
    // "like.x" and "EQ.apple" are plain values: names equal to that text.
    assertEquals(List.of(), matching(options("{\"name\":\"like.app%\"}")));
    assertEquals(List.of(), matching(options("{\"name\":\"EQ.apple\"}")));
    ObjectNode record = json("{\"name\":\"like.app%\"}");
    assertTrue(options("{\"name\":\"like.app%\"}").test(record));
  }
}
