package dev.kanal.persistence.filter;

import static dev.kanal.persistence.filter.Orders.ids;
import static dev.kanal.persistence.filter.Orders.matching;
import static dev.kanal.persistence.filter.Orders.options;
import static dev.kanal.persistence.filter.Orders.params;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One model, three spellings: each spelling of a condition compiles to the same filter. */
class SpellingsAgreeTest {
  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "customer_id | eq  | 5                         | 5                             | 1,3",
        "customer_id | neq | 5                         | 5                             | 2,4,5,6",
        "customer_id | lt  | 7                         | 7                             | 1,3",
        "customer_id | lte | 7                         | 7                             | 1,2,3",
        "customer_id | gt  | 5                         | 5                             | 2,6",
        "customer_id | gte | 7                         | 7                             | 2,6",
        "customer_id | in  | (5,12)                    | [5,12]                        | 1,3,6",
        "price       | gt  | 10                        | 10                            | 2,6",
        "price       | lte | 10.5                      | 10.5                          | 1,2,3",
        "price       | in  | (9.99,100)                | [9.99,100]                    | 3,6",
        "name        | eq  | apple                     | \"apple\"                     | 1",
        "name        | lt  | b                         | \"b\"                         | 1,2,6",
        "name        | in  | (apple,cherry)            | [\"apple\",\"cherry\"]        | 1,3",
        "paid        | eq  | true                      | true                          | 1,6",
        "paid        | neq | true                      | true                          | 2,3,4,5",
        "due_at      | gt  | 2024-05-01T10:00:00Z      | \"2024-05-01T10:00:00Z\"      | 2,6",
        "due_at      | lte | 2024-05-01T10:00:00.5Z    | \"2024-05-01T10:00:00.5Z\"    | 1,2,3",
        "due_at      | eq  | 2024-05-01T10:00:00.000Z  | \"2024-05-01T10:00:00Z\"      | 1",
        "inserted_at | gte | 2024-05-03                | \"2024-05-03\"                | 3,4,5",
      })
  void everySpellingCompilesToTheSameFilter(String field, String op, String supabase, String directus, String ids) {
    String directusFilter = "{\"" + field + "\":{\"_" + op + "\":" + directus + "}}";
    List<Filter> spellings = new ArrayList<>();
    spellings.add(options("{\"filter\":" + directusFilter + "}"));
    spellings.add(options("{\"filter\":" + TextNode.valueOf(directusFilter) + "}"));
    spellings.add(options("{\"" + field + "\":\"" + op + "." + supabase + "\"}"));
    spellings.add(params(field, op + "." + supabase).filter());
    spellings.add(params("filter", directusFilter).filter());
    if (op.equals("eq")) {
      spellings.add(options("{\"" + field + "\":" + directus + "}"));
      spellings.add(params(field, supabase).filter());
    }

    for (Filter spelling : spellings) {
      assertEquals(spellings.get(0), spelling);
      assertEquals(ids(ids), matching(spelling), spelling.toString());
    }
  }

  @Test
  void fromDateIsInsertedAtFromTheStartOfTheDay() {
    Filter fromDate = options("{\"from_date\":\"2024-05-03T17:45:00Z\"}");

    assertEquals(options("{\"inserted_at\":\"gte.2024-05-03\"}"), fromDate);
    assertEquals(options("{\"filter\":{\"inserted_at\":{\"_gte\":\"2024-05-03T00:00:00Z\"}}}"), fromDate);
    assertEquals(options("{\"from_date\":\"today\"}"), fromDate);
  }

  @Test
  void severalConditionsAreOneAndWhateverTheirSpelling() {
    Filter mixed =
        options(
            """
            {"customer_id":"gte.5","filter":{"paid":{"_eq":false},"_and":[{"name":{"_eq":"cherry"}}]}}""");
    Filter directus =
        options(
            """
            {"filter":{"customer_id":{"_gte":5},"paid":{"_eq":false},"name":{"_eq":"cherry"}}}""");

    assertEquals(directus, mixed);
    assertEquals(List.of(3L), matching(mixed));
  }
}
