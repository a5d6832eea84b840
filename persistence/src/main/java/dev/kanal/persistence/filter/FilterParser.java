package dev.kanal.persistence.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kanal.persistence.schema.CollectionSchema;
import dev.kanal.persistence.schema.FieldType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads what channel join options and REST query parameters ask of a collection, in any of the
 * three spellings:
 *
 * <ul>
 *   <li>{@code field=value}: the field equals the value;
 *   <li>{@code field=op.value} (Supabase): {@code eq neq lt lte gt gte}, or {@code in.(1,2,3)}; a
 *       plain value that reads so is taken as this spelling;
 *   <li>{@code filter} (Directus): {@code {"field":{"_eq":v}}}, as an object or a JSON string;
 * </ul>
 *
 * <p>and {@code from_date}: records inserted from the start of that UTC day, given as an ISO-8601
 * date or date-time, or {@code today} by the clock. All conditions must hold. Values given as
 * strings are cast to their field's type, here and once.
 */
public final class FilterParser {
  private static final String FILTER = "filter";
  private static final String FROM_DATE = "from_date";
  private static final String SINCE = "since";
  private static final String SORT = "sort";
  private static final String LIMIT = "limit";

  private final Clock clock;
  private final Conditions conditions;
  private final List<Filter> parts = new ArrayList<>();

  private FilterParser(CollectionSchema schema, Clock clock) {
    this.clock = clock;
    this.conditions = new Conditions(schema);
  }

  /**
   * The filter of a channel join's options: {@code filter}, {@code from_date} and field names. The
   * key {@code since} is the caller's and skipped. No condition matches all records.
   *
   * @throws InvalidFilter when a shape, field or value is wrong
   */
  public static Filter parseOptions(ObjectNode options, CollectionSchema schema, Clock clock) {
    FilterParser parser = new FilterParser(schema, clock);
    for (Map.Entry<String, JsonNode> option : options.properties()) {
      parser.condition(option.getKey(), option.getValue());
    }
    return parser.filter();
  }

  /**
   * A REST list's query parameters: those of {@link #parseOptions} as strings ({@code filter} a
   * JSON string; a name given twice is two conditions), plus {@code sort=-field,field} (descending
   * with a minus) and {@code limit}, a positive integer.
   *
   * @throws InvalidFilter when a shape, field or value is wrong
   */
  public static Query parseParams(Map<String, List<String>> params, CollectionSchema schema, Clock clock) {
    FilterParser parser = new FilterParser(schema, clock);
    List<SortKey> sort = new ArrayList<>();
    OptionalInt limit = OptionalInt.empty();
    for (Map.Entry<String, List<String>> param : params.entrySet()) {
      for (String value : param.getValue()) {
        switch (param.getKey()) {
          case SORT -> sort.addAll(parser.sortKeys(value));
          case LIMIT -> {
            if (limit.isPresent()) {
              throw InvalidFilter.malformed("limit must be given once");
            }
            limit = OptionalInt.of(limit(value));
          }
          default -> parser.condition(param.getKey(), TextNode.valueOf(value));
        }
      }
    }
    return new Query(parser.filter(), sort, limit);
  }

  private void condition(String key, JsonNode value) {
    switch (key) {
      case SINCE -> {
        // Where a join's replay starts: the caller reads it, it selects no records.
      }
      case FILTER -> parts.add(DirectusSpelling.parse(value, conditions));
      case FROM_DATE -> parts.add(fromDate(value));
      default -> parts.add(plain(key, value));
    }
  }

  private Filter plain(String field, JsonNode value) {
    Optional<Filter> supabase =
        value.isTextual() ? SupabaseSpelling.parse(field, value.textValue(), conditions) : Optional.empty();
    return supabase.orElseGet(() -> conditions.compare(field, Op.EQ, value));
  }

  private Filter fromDate(JsonNode value) {
    Optional<Instant> day = value.isTextual() ? startOfDay(value.textValue().trim()) : Optional.empty();
    return day.<Filter>map(start -> new Filter.Compare(CollectionSchema.INSERTED_AT, Op.GTE, FieldValue.of(start)))
        .orElseGet(() -> conditions.reject(FROM_DATE, "must be an ISO-8601 date or date-time, or today"));
  }

  private Optional<Instant> startOfDay(String text) {
    if (text.equalsIgnoreCase("today")) {
      return Optional.of(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    // Instants count in whole UTC days from the epoch, so truncating finds the start of the UTC day.
    return FieldType.instant(text).map(instant -> instant.truncatedTo(ChronoUnit.DAYS));
  }

  private List<SortKey> sortKeys(String value) {
    List<SortKey> keys = new ArrayList<>();
    for (String item : value.split(",", -1)) {
      String name = item.trim();
      boolean descending = name.startsWith("-");
      String field = descending ? name.substring(1) : name;
      if (field.isEmpty()) {
        throw InvalidFilter.malformed(
            "sort must list field names, each with a minus for descending, such as sort=-day_id,name");
      }
      conditions.typeOf(field, SORT).ifPresent(type -> {
        if (FieldValue.sortable(type)) {
          keys.add(new SortKey(field, descending, type));
        } else {
          conditions.reject(field, "has no order to sort by");
        }
      });
    }
    return keys;
  }

  private static int limit(String value) {
    String digits = value.trim();
    if (!digits.matches("[0-9]+") || digits.matches("0+")) {
      throw InvalidFilter.malformed("limit must be a positive integer, not \"" + value + "\"");
    }
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException beyondInt) {
      // More than any collection holds: the same as the largest limit.
      return Integer.MAX_VALUE;
    }
  }

  private Filter filter() {
    conditions.check();
    return Conditions.and(parts);
  }
}
