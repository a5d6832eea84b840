package dev.kanal.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Who is on the other end of a socket or request: an anonymous client, or the verified claims of
 * a token ({@code sub}, {@code role}, {@code name} and any free claims).
 */
public record Principal(boolean authenticated, ObjectNode claims) {

  public static Principal anonymous() {
    return new Principal(false, JsonNodeFactory.instance.objectNode());
  }

  public static Principal of(ObjectNode claims) {
    return new Principal(true, claims.deepCopy());
  }

  @Override
  public ObjectNode claims() {
    return claims.deepCopy();
  }

  /** A scalar claim as text ({@code 5} and {@code "5"} read alike); absent for objects and arrays. */
  public Optional<String> claim(String name) {
    JsonNode value = claims.get(name);
    return value != null && value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
  }

  public Optional<String> subject() {
    return claim("sub");
  }

  public Optional<String> role() {
    return claim("role");
  }

  /** When the token stops being valid ({@code exp}), if it says. */
  public Optional<Instant> expiresAt() {
    JsonNode exp = claims.get("exp");
    return exp != null && exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
  }
}
