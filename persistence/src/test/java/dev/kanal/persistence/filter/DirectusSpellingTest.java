package dev.kanal.persistence.filter;

import static dev.kanal.persistence.filter.Orders.ids;
import static dev.kanal.persistence.filter.Orders.json;
import static dev.kanal.persistence.filter.Orders.matching;
import static dev.kanal.persistence.filter.Orders.options;
import static dev.kanal.persistence.filter.Orders.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.schema.FieldSpec;
import dev.kanal.persistence.schema.FieldType;
import dev.kanal.persistence.schema.IdKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectusSpellingTest {
  private static List<Long> filtered(String filter) {
    return matching(options("{\"filter\":" + filter + "}"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"customer_id\":{\"_eq\":5}}        | 1,3",
        "{\"customer_id\":{\"_neq\":5}}       | 2,4,5,6",
        "{\"customer_id\":{\"_lt\":7}}        | 1,3",
        "{\"customer_id\":{\"_lte\":7}}       | 1,2,3",
        "{\"customer_id\":{\"_gt\":5}}        | 2,6",
        "{\"customer_id\":{\"_gte\":7}}       | 2,6",
        "{\"customer_id\":{\"_in\":[5,12]}}   | 1,3,6",
        "{\"customer_id\":{\"_nin\":[5,12]}}  | 2,4,5",
        "{\"customer_id\":{\"_in\":[]}}       | ''",
        "{\"customer_id\":{\"_nin\":[]}}      | 1,2,3,4,5,6",
        "{\"name\":{\"_contains\":\"apple\"}} | 1,6",
        "{\"name\":{\"_contains\":\"pp\"}}    | 1,6",
        "{\"name\":{\"_contains\":\"Apple\"}} | ''",
        "{\"tags\":{\"_contains\":\"red\"}}   | 1,6",
        "{\"tags\":{\"_contains\":1}}         | 1",
        "{\"tags\":{\"_contains\":1.0}}       | 1",
        "{\"tags\":{\"_contains\":\"1\"}}     | ''",
        "{\"customer_id\":{\"_null\":true}}   | 4,5",
        "{\"customer_id\":{\"_null\":false}}  | 1,2,3,6",
        "{\"customer_id\":{\"_nnull\":true}}  | 1,2,3,6",
        "{\"customer_id\":{\"_nnull\":false}} | 4,5",
        "{\"meta\":{\"_null\":\"true\"}}      | 3,4,5",
      })
  void eachOperator(String filter, String ids) {
    assertEquals(ids(ids), filtered(filter));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // As text, "12" < "5": numbers must compare numerically.
        "{\"customer_id\":{\"_gt\":\"5\"}}              | 2,6",
        "{\"customer_id\":{\"_in\":[\"5\",\"12\"]}}     | 1,3,6",
        "{\"id\":{\"_eq\":\"3\"}}                       | 3",
        "{\"price\":{\"_eq\":10}}                       | 1",
        "{\"price\":{\"_eq\":\"10.00\"}}                | 1",
        "{\"price\":{\"_gt\":10}}                       | 2,6",
        "{\"price\":{\"_lt\":\"10\"}}                   | 3",
        "{\"price\":{\"_in\":[10.5,9.99]}}              | 2,3",
        "{\"paid\":{\"_eq\":true}}                      | 1,6",
        "{\"paid\":{\"_eq\":\"true\"}}                  | 1,6",
        "{\"paid\":{\"_neq\":true}}                     | 2,3,4,5",
        "{\"paid\":{\"_in\":[false]}}                   | 2,3",
        // Lexicographic: upper case sorts before lower case.
        "{\"name\":{\"_gt\":\"apple\"}}                 | 3,6",
        "{\"name\":{\"_lt\":\"b\"}}                     | 1,2,6",
        "{\"name\":{\"_gte\":\"Banana\"}}               | 1,2,3,6",
        "{\"meta\":{\"_eq\":{\"a\":1.0}}}               | 1",
        "{\"meta\":{\"_neq\":{\"a\":1}}}                | 2,3,4,5,6",
        "{\"meta\":{\"_eq\":\"{\\\"a\\\":2}\"}}         | 2",
        "{\"tags\":{\"_eq\":[\"green\"]}}               | 2",
        "{\"tags\":{\"_in\":[[\"green\"],[]]}}          | 2,3",
      })
  void valuesAreCastToTheFieldsType(String filter, String ids) {
    assertEquals(ids(ids), filtered(filter));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Record 2 is due at 10:00:00.500Z, after record 1's 10:00:00Z though it sorts first as text.
        "{\"due_at\":{\"_gt\":\"2024-05-01T10:00:00Z\"}}         | 2,6",
        "{\"due_at\":{\"_gt\":\"2024-05-01T10:00:00.000000Z\"}}  | 2,6",
        "{\"due_at\":{\"_eq\":\"2024-05-01T10:00:00.000Z\"}}     | 1",
        "{\"due_at\":{\"_eq\":\"2024-05-01T12:00:00+02:00\"}}    | 1",
        "{\"due_at\":{\"_eq\":\"2024-05-01T10:00:00.5Z\"}}       | 2",
        "{\"due_at\":{\"_lt\":\"2024-05-01T10:00Z\"}}            | 3",
        "{\"due_at\":{\"_lte\":\"2024-05-01T10:00:00.5Z\"}}      | 1,2,3",
        "{\"due_at\":{\"_gte\":\"2024-05-01T10:00:00.4999Z\"}}   | 2,6",
        "{\"due_at\":{\"_gte\":\"2024-05-02\"}}                  | 6",
        "{\"due_at\":{\"_in\":[\"2024-05-02T02:00:00+02:00\"]}}  | 6",
        "{\"inserted_at\":{\"_lt\":\"2024-05-03\"}}              | 1,2,6",
        "{\"updated_at\":{\"_gte\":\"2024-05-02T23:59:59.999999999Z\"}} | 2,3,4,5",
      })
  void dateTimesCompareAsInstants(String filter, String ids) {
    assertEquals(ids(ids), filtered(filter));
  }

  @Test
  void equalityWithNullAsksForNull() {
    assertEquals(List.of(4L, 5L), filtered("{\"customer_id\":{\"_eq\":null}}"));
    assertEquals(List.of(1L, 2L, 3L, 6L), filtered("{\"customer_id\":{\"_neq\":null}}"));
  }

  @Test
  void severalFieldsAllHold() {
    assertEquals(List.of(3L), filtered("{\"customer_id\":{\"_eq\":5},\"price\":{\"_lt\":10}}"));
  }

  @Test
  void severalOperatorsOnAFieldAllHold() {
    assertEquals(List.of(1L, 3L), filtered("{\"customer_id\":{\"_gt\":4,\"_lt\":7}}"));
  }

  @Test
  void andAndOrNest() {
    String filter =
        """
        {"_or":[
          {"customer_id":{"_eq":7}},
          {"_and":[{"name":{"_contains":"apple"}},{"paid":{"_eq":true}},{"price":{"_gt":50}}]}
        ]}""";
    assertEquals(List.of(2L, 6L), filtered(filter));
  }

  @Test
  void orInsideAndWithASiblingField() {
    String filter =
        """
        {"paid":{"_eq":false},
         "_and":[{"_or":[{"price":{"_gt":10}},{"name":{"_eq":"cherry"}}]}, {"customer_id":{"_nnull":true}}]}""";
    assertEquals(List.of(2L, 3L), filtered(filter));
  }

  @Test
  void emptyAndMatchesAllAndEmptyOrMatchesNothing() {
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), filtered("{\"_and\":[]}"));
    assertEquals(List.of(), filtered("{\"_or\":[]}"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), filtered("{\"_or\":[{}]}"));
  }

  @Test
  void anEmptyFilterIsAll() {
    assertEquals(Filter.ALL, options("{\"filter\":{}}"));
  }

  @Test
  void aJsonStringInOptionsReadsLikeTheObject() {
    assertEquals(
        options("{\"filter\":{\"customer_id\":{\"_in\":[5,12]},\"name\":{\"_contains\":\"pie\"}}}"),
        options(
            "{\"filter\":\"{\\\"customer_id\\\":{\\\"_in\\\":[5,12]},"
                + "\\\"name\\\":{\\\"_contains\\\":\\\"pie\\\"}}\"}"));
  }

  @Test
  void restTakesTheFilterAsAJsonString() {
    Query query = params("filter", "{\"_or\":[{\"customer_id\":{\"_eq\":\"7\"}},{\"price\":{\"_gte\":100}}]}");
    assertEquals(List.of(2L, 6L), matching(query.filter()));
  }

  @Test
  void aFieldNamedLikeAnOperatorIsStillAField() {
    CollectionSchema schema =
        new CollectionSchema(
            "odd", IdKind.UUID, Map.of("_rank", FieldSpec.of("_rank", FieldType.INTEGER)), Optional.empty());
    Filter filter = FilterParser.parseOptions(json("{\"filter\":{\"_rank\":{\"_gt\":1}}}"), schema, Orders.CLOCK);
    assertTrue(filter.test(json("{\"_rank\":2}")));
    assertFalse(filter.test(json("{\"_rank\":1}")));
  }
}
