package dev.kanal.persistence.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Supabase (PostgREST) spelling: {@code field=op.value}, with {@code in} written {@code
 * in.(1,2,3)}. A plain value that reads as this spelling is taken as it.
 */
final class SupabaseSpelling {
  private static final Pattern OPERATOR = Pattern.compile("^(eq|neq|lt|lte|gt|gte|in)\\.(.*)$", Pattern.DOTALL);

  private SupabaseSpelling() {}

  /** The condition the value spells, or empty when it is not in this spelling. */
  static Optional<Filter> parse(String field, String value, Conditions conditions) {
    Matcher matcher = OPERATOR.matcher(value);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String operator = matcher.group(1);
    String operand = matcher.group(2);
    if (operator.equals("in")) {
      return Optional.of(conditions.in(field, list(field, operand), false));
    }
    Op op = Op.valueOf(operator.toUpperCase(Locale.ROOT));
    return Optional.of(conditions.compare(field, op, TextNode.valueOf(operand)));
  }

  /**
   * Splits {@code (a,b,c)}. As in PostgREST, an item in double quotes may hold commas and
   * parentheses, with {@code \} escaping a quote or a backslash.
   */
  private static List<JsonNode> list(String field, String operand) {
    if (!operand.startsWith("(") || !operand.endsWith(")") || operand.length() < 2) {
      throw InvalidFilter.malformed("in on " + field + " must be written in.(a,b,c), not in." + operand);
    }
    String items = operand.substring(1, operand.length() - 1);
    List<JsonNode> values = new ArrayList<>();
    if (items.isEmpty()) {
      return values;
    }
    StringBuilder item = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < items.length(); i++) {
      char c = items.charAt(i);
      if (quoted && c == '\\' && i + 1 < items.length()) {
        item.append(items.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        values.add(TextNode.valueOf(item.toString()));
        item.setLength(0);
      } else {
        item.append(c);
      }
    }
    if (quoted) {
      throw InvalidFilter.malformed("in on " + field + " has a quote that is not closed: in." + operand);
    }
    values.add(TextNode.valueOf(item.toString()));
    return values;
  }
}
