package dev.kanal.persistence.filter;

import static dev.kanal.persistence.filter.Orders.options;
import static dev.kanal.persistence.filter.Orders.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed input (a 400 with the message) against unknown fields and bad values (a 422 per field). */
class InvalidFilterTest {
  private static InvalidFilter refusedOptions(String options) {
    return assertThrows(InvalidFilter.class, () -> options(options));
  }

  private static InvalidFilter refusedParams(String... params) {
    return assertThrows(InvalidFilter.class, () -> params(params));
  }

  private static void assertMalformed(String message, InvalidFilter refusal) {
    assertTrue(refusal.malformed(), refusal.getMessage());
    assertTrue(refusal.errors().byField().isEmpty());
    assertEquals(message, refusal.getMessage());
  }

  private static void assertInvalid(String message, String errors, InvalidFilter refusal) {
    assertFalse(refusal.malformed(), refusal.getMessage());
    assertEquals(message, refusal.getMessage());
    assertEquals(errors, refusal.errors().toJson().toString());
  }

  @Test
  void aFilterThatIsNotJson() {
    InvalidFilter refusal = refusedParams("filter", "{\"name\":");
    assertTrue(refusal.malformed());
    assertTrue(refusal.getMessage().startsWith("filter is not valid JSON: "), refusal.getMessage());

    assertTrue(refusedParams("filter", "{\"name\":{\"_eq\":\"a\"}} trailing").malformed());
    assertTrue(refusedParams("filter", "{name:1}").malformed());
    assertTrue(refusedOptions("{\"filter\":\"{\"}").malformed());
  }

  @Test
  void anEmptyFilterString() {
    assertMalformed("filter is empty: it must be a JSON object", refusedParams("filter", ""));
    assertMalformed("filter is empty: it must be a JSON object", refusedParams("filter", "  "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1]", "5", "\"text\"", "null", "true"})
  void aFilterThatIsNotAnObject(String filter) {
    String message = "filter must be a JSON object, such as {\"field\":{\"_eq\":1}}";
    assertMalformed(message, refusedParams("filter", filter));
    assertMalformed(message, refusedOptions("{\"filter\":" + TextNode.valueOf(filter) + "}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1]", "5", "null", "true"})
  void aFilterOptionThatIsNeitherAnObjectNorAString(String filter) {
    assertMalformed(
        "filter must be a JSON object, such as {\"field\":{\"_eq\":1}}", refusedOptions("{\"filter\":" + filter + "}"));
  }

  @Test
  void anUnknownOperator() {
    String message =
        "unknown operator \"_like\" on name: "
            + "use _eq, _neq, _lt, _lte, _gt, _gte, _in, _nin, _contains, _null or _nnull";
    assertMalformed(message, refusedOptions("{\"filter\":{\"name\":{\"_like\":\"a%\"}}}"));
    // The shape is checked before the field, so this is a 400 even on an unknown field.
    assertTrue(refusedOptions("{\"filter\":{\"colour\":{\"_like\":\"a%\"}}}").malformed());
    assertTrue(refusedOptions("{\"filter\":{\"name\":{\"_and\":[]}}}").malformed());
    assertTrue(refusedOptions("{\"filter\":{\"name\":{\"eq\":\"a\"}}}").malformed());
  }

  @Test
  void anOperatorWhereAFieldGoes() {
    assertMalformed(
        "unknown operator \"_eq\" in filter: only _and and _or may stand where a field name goes",
        refusedOptions("{\"filter\":{\"_eq\":5}}"));
  }

  @Test
  void andOrOrThatIsNotAnArrayOfObjects() {
    assertMalformed(
        "_and must be an array of filter objects",
        refusedOptions("{\"filter\":{\"_and\":{\"name\":{\"_eq\":\"a\"}}}}"));
    assertMalformed("_or must be an array of filter objects, not hold 1", refusedOptions("{\"filter\":{\"_or\":[1]}}"));
    assertTrue(refusedOptions("{\"filter\":{\"_or\":[{\"_and\":[[]]}]}}").malformed());
  }

  @Test
  void aFieldWithoutOperators() {
    String message = "filter on customer_id must be an object of operators, such as {\"customer_id\":{\"_eq\":1}}";
    assertMalformed(message, refusedOptions("{\"filter\":{\"customer_id\":5}}"));
    assertMalformed(message, refusedOptions("{\"filter\":{\"customer_id\":{}}}"));
  }

  @Test
  void aListOperatorWithoutAList() {
    assertMalformed(
        "_in on customer_id must be an array of values",
        refusedOptions("{\"filter\":{\"customer_id\":{\"_in\":5}}}"));
    assertMalformed(
        "_nin on customer_id must be an array of values",
        refusedOptions("{\"filter\":{\"customer_id\":{\"_nin\":\"5,6\"}}}"));
  }

  @Test
  void nullTestsTakeABoolean() {
    assertMalformed(
        "_null on customer_id must be true or false",
        refusedOptions("{\"filter\":{\"customer_id\":{\"_null\":\"maybe\"}}}"));
    assertMalformed(
        "_nnull on customer_id must be true or false",
        refusedOptions("{\"filter\":{\"customer_id\":{\"_nnull\":1}}}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"in.5", "in.(5", "in.5)", "in.)", "in.(", "in."})
  void anInListWithoutParentheses(String value) {
    assertMalformed("in on customer_id must be written in.(a,b,c), not " + value, refusedParams("customer_id", value));
  }

  @Test
  void anInListWithAnUnclosedQuote() {
    assertMalformed("in on name has a quote that is not closed: in.(\"a,b)", refusedParams("name", "in.(\"a,b)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "00", "-1", "abc", "1.5", "", "1e3", "+5"})
  void aLimitThatIsNotAPositiveInteger(String limit) {
    assertMalformed("limit must be a positive integer, not \"" + limit + "\"", refusedParams("limit", limit));
  }

  @Test
  void aLimitGivenTwice() {
    assertMalformed("limit must be given once", refusedParams("limit", "5", "limit", "5"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "name,", ",name", "name,,id", " - "})
  void aSortWithAnEmptyName(String sort) {
    assertMalformed(
        "sort must list field names, each with a minus for descending, such as sort=-day_id,name",
        refusedParams("sort", sort));
  }

  @Test
  void anUnknownFieldInEachSpelling() {
    String message = "unknown field \"colour\" in filter";
    String errors = "{\"errors\":{\"colour\":[\"is not a field of orders\"]}}";
    assertInvalid(message, errors, refusedOptions("{\"colour\":\"red\"}"));
    assertInvalid(message, errors, refusedOptions("{\"colour\":\"eq.red\"}"));
    assertInvalid(message, errors, refusedOptions("{\"filter\":{\"colour\":{\"_eq\":\"red\"}}}"));
    assertInvalid(message, errors, refusedOptions("{\"filter\":{\"_or\":[{\"colour\":{\"_null\":true}}]}}"));
    assertInvalid(message, errors, refusedParams("colour", "red"));
    assertInvalid(message, errors, refusedParams("colour", "in.(red,blue)"));
    assertInvalid(message, errors, refusedParams("filter", "{\"colour\":{\"_contains\":\"r\"}}"));
  }

  @Test
  void sortAndLimitAreFieldNamesInJoinOptions() {
    assertInvalid(
        "unknown field \"sort\" in filter",
        "{\"errors\":{\"sort\":[\"is not a field of orders\"]}}",
        refusedOptions("{\"sort\":\"name\"}"));
  }

  @Test
  void anUnknownFieldInSort() {
    assertInvalid(
        "unknown field \"colour\" in sort",
        "{\"errors\":{\"colour\":[\"is not a field of orders\"]}}",
        refusedParams("sort", "name,-colour"));
  }

  @Test
  void sortingByAFieldWithoutOrder() {
    assertInvalid(
        "tags has no order to sort by",
        "{\"errors\":{\"tags\":[\"has no order to sort by\"]}}",
        refusedParams("sort", "-tags"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"customer_id\":\"abc\"}                                | customer_id | must be an integer",
        "{\"customer_id\":5.5}                                    | customer_id | must be an integer",
        "{\"customer_id\":true}                                   | customer_id | must be an integer",
        "{\"customer_id\":\"gt.five\"}                            | customer_id | must be an integer",
        "{\"customer_id\":\"in.(5,x)\"}                           | customer_id | must be an integer",
        "{\"id\":\"abc\"}                                         | id          | must be an integer",
        "{\"price\":\"gt.cheap\"}                                 | price       | must be a number",
        "{\"paid\":\"yes\"}                                       | paid        | must be a boolean",
        "{\"meta\":\"not json\"}                                  | meta        | must be an object",
        "{\"tags\":\"eq.{}\"}                                     | tags        | must be an array",
        "{\"name\":5}                                             | name        | must be a string",
        "{\"due_at\":\"gt.yesterday\"}                            | due_at      | must be an ISO-8601 date-time",
        "{\"filter\":{\"inserted_at\":{\"_lt\":\"soon\"}}}        | inserted_at | must be an ISO-8601 date-time",
        "{\"filter\":{\"customer_id\":{\"_in\":[\"x\",5,\"y\"]}}}  | customer_id | must be an integer",
        "{\"paid\":\"lt.true\"}                                   | paid        | can only be compared for equality",
        "{\"filter\":{\"meta\":{\"_gt\":{}}}}                     | meta        | can only be compared for equality",
        "{\"filter\":{\"tags\":{\"_lte\":[]}}}                    | tags        | can only be compared for equality",
        "{\"filter\":{\"name\":{\"_contains\":5}}}                | name        | must be a string",
        "{\"filter\":{\"customer_id\":{\"_lt\":null}}}            | customer_id | can't be compared with null",
        "{\"filter\":{\"customer_id\":{\"_in\":[5,null]}}}        | customer_id | can't be compared with null",
        "{\"filter\":{\"tags\":{\"_contains\":null}}}             | tags        | can't be compared with null",
      })
  void aValueThatIsNotOfItsFieldsType(String options, String field, String message) {
    assertInvalid(
        field + " " + message,
        "{\"errors\":{\"" + field + "\":[\"" + message + "\"]}}",
        refusedOptions(options));
  }

  @ParameterizedTest
  @ValueSource(strings = {"customer_id", "due_at", "paid", "meta"})
  void containsOnAFieldThatIsNeitherAStringNorAnArray(String field) {
    String message = "is neither a string nor an array, so contains does not apply";
    assertInvalid(
        field + " " + message,
        "{\"errors\":{\"" + field + "\":[\"" + message + "\"]}}",
        refusedOptions("{\"filter\":{\"" + field + "\":{\"_contains\":\"1\"}}}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"yesterday\"", "\"2024-13-01\"", "\"\"", "20240503", "null", "{}"})
  void fromDateThatIsNotADate(String fromDate) {
    String message = "must be an ISO-8601 date or date-time, or today";
    assertInvalid(
        "from_date " + message,
        "{\"errors\":{\"from_date\":[\"" + message + "\"]}}",
        refusedOptions("{\"from_date\":" + fromDate + "}"));
  }

  @Test
  void restValuesAreCheckedTheSameWay() {
    assertInvalid(
        "customer_id must be an integer",
        "{\"errors\":{\"customer_id\":[\"must be an integer\"]}}",
        refusedParams("customer_id", "abc"));
    assertInvalid(
        "from_date must be an ISO-8601 date or date-time, or today",
        "{\"errors\":{\"from_date\":[\"must be an ISO-8601 date or date-time, or today\"]}}",
        refusedParams("from_date", "2024-13-01"));
  }

  @Test
  void everyUnknownFieldAndBadValueIsReportedAtOnce() {
    InvalidFilter refusal =
        refusedOptions(
            """
            {"colour":"red","customer_id":"abc","filter":{"price":{"_gt":"x"},"shape":{"_eq":1}},"paid":"lt.true"}""");

    assertInvalid(
        "unknown field \"colour\" in filter; customer_id must be an integer; price must be a number; "
            + "unknown field \"shape\" in filter; paid can only be compared for equality",
        "{\"errors\":{\"colour\":[\"is not a field of orders\"],\"customer_id\":[\"must be an integer\"],"
            + "\"paid\":[\"can only be compared for equality\"],\"price\":[\"must be a number\"],"
            + "\"shape\":[\"is not a field of orders\"]}}",
        refusal);
  }

  @Test
  void oneFieldCanHaveSeveralProblems() {
    assertInvalid(
        "customer_id must be an integer; customer_id can't be compared with null",
        "{\"errors\":{\"customer_id\":[\"must be an integer\",\"can't be compared with null\"]}}",
        refusedOptions("{\"filter\":{\"customer_id\":{\"_in\":[\"x\",null]}}}"));
  }

  @Test
  void aMalformedShapeWinsOverBadValues() {
    InvalidFilter refusal = refusedParams("customer_id", "abc", "limit", "0");

    assertMalformed("limit must be a positive integer, not \"0\"", refusal);
  }
}
