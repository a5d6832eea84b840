package dev.kanal.persistence.filter;

import static dev.kanal.persistence.filter.Orders.ids;
import static dev.kanal.persistence.filter.Orders.json;
import static dev.kanal.persistence.filter.Orders.matching;
import static dev.kanal.persistence.filter.Orders.options;
import static dev.kanal.persistence.filter.Orders.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlainSpellingTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"customer_id\":5}             | 1,3",
        "{\"customer_id\":\"5\"}         | 1,3",
        "{\"customer_id\":\" 5 \"}       | 1,3",
        "{\"id\":\"6\"}                  | 6",
        "{\"price\":\"9.990\"}           | 3",
        "{\"name\":\"apple\"}            | 1",
        "{\"paid\":\"false\"}            | 2,3",
        "{\"paid\":true}                 | 1,6",
        "{\"meta\":{\"a\":2}}            | 2",
        "{\"tags\":[\"red\",\"blue\"]}   | 6",
        "{\"tags\":\"[\\\"green\\\"]\"}  | 2",
        "{\"due_at\":\"2024-05-02\"}     | 6",
        "{\"customer_id\":null}          | 4,5",
        "{\"customer_id\":5,\"price\":10} | 1",
        "{}                              | 1,2,3,4,5,6",
      })
  void fieldEqualsValueInOptions(String options, String ids) {
    assertEquals(ids(ids), matching(options(options)));
  }

  @Test
  void restValuesAreStringsCastToTheFieldsType() {
    assertEquals(List.of(1L, 3L), matching(params("customer_id", "5").filter()));
    assertEquals(List.of(2L, 3L), matching(params("paid", "false").filter()));
    assertEquals(List.of(1L), matching(params("price", "10").filter()));
    assertEquals(List.of(1L), matching(params("due_at", "2024-05-01T10:00:00.000000Z").filter()));
    assertEquals(List.of(3L), matching(params("customer_id", "5", "paid", "false").filter()));
  }

  @Test
  void aStringFieldKeepsTheTextAsGiven() {
    assertTrue(params("name", " 5 ").filter().test(json("{\"name\":\" 5 \"}")));
    assertFalse(params("name", " 5 ").filter().test(json("{\"name\":\"5\"}")));
  }

  @Test
  void fromDateTodayStartsAtMidnightUtcByTheClock() {
    // 10:15 UTC on 3 May: records inserted from 3 May 00:00 UTC on, not the ones late on 2 May.
    assertEquals(List.of(3L, 4L, 5L), matching(options("{\"from_date\":\"today\"}")));
    assertEquals(List.of(3L, 4L, 5L), matching(params("from_date", "today").filter()));
  }

  @Test
  void todayIsTheUtcDayWhateverTheClocksZone() {
    // 3 May 00:30 in Berlin is still 2 May in UTC.
    Clock berlin = Clock.fixed(Instant.parse("2024-05-02T22:30:00Z"), ZoneId.of("Europe/Berlin"));
    Filter filter = FilterParser.parseOptions(json("{\"from_date\":\"today\"}"), Orders.SCHEMA, berlin);

    assertEquals(List.of(2L, 3L, 4L, 5L), matching(filter));
  }

  @Test
  void fromDateTodayFollowsTheClock() {
    Clock later = Clock.fixed(Instant.parse("2024-05-04T00:00:00Z"), ZoneOffset.UTC);
    Filter filter = FilterParser.parseOptions(json("{\"from_date\":\"today\"}"), Orders.SCHEMA, later);

    assertEquals(List.of(5L), matching(filter));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-05-02                     | 2,3,4,5",
        "2024-05-03                     | 3,4,5",
        // The start of the UTC day of the instant: 16:30 UTC on 2 May.
        "2024-05-02T18:30:00+02:00      | 2,3,4,5",
        // 20:00 UTC on 2 May, though 3 May where it was written.
        "2024-05-03T01:00:00+05:00      | 2,3,4,5",
        "2024-05-03T23:59:59.999Z       | 3,4,5",
        "2024-05-03T12:00:00            | 3,4,5",
        "2024-04-30T12:00:00.000000001Z | 1,2,3,4,5,6",
      })
  void fromDateIsInsertedFromTheStartOfItsUtcDay(String date, String ids) {
    assertEquals(ids(ids), matching(options("{\"from_date\":\"" + date + "\"}")));
    assertEquals(ids(ids), matching(params("from_date", date).filter()));
  }

  @Test
  void fromDateMeetsTheOtherConditions() {
    assertEquals(List.of(3L), matching(options("{\"customer_id\":\"eq.5\",\"from_date\":\"today\"}")));
    assertEquals(List.of(3L), matching(params("from_date", "today", "customer_id", "5").filter()));
  }

  @Test
  void sinceBelongsToTheCaller() {
    assertEquals(options("{\"customer_id\":5}"), options("{\"since\":\"2024-01-01T00:00:00Z\",\"customer_id\":5}"));
    assertEquals(Filter.ALL, options("{\"since\":{\"any\":\"shape\"}}"));
    assertEquals(Filter.ALL, params("since", "12").filter());
  }

  @Test
  void noConditionIsAll() {
    assertEquals(Filter.ALL, options("{}"));
    Query query = FilterParser.parseParams(Map.of(), Orders.SCHEMA, Orders.CLOCK);
    assertEquals(new Query(Filter.ALL, List.of(), OptionalInt.empty()), query);
  }
}
