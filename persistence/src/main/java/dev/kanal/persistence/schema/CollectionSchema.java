package dev.kanal.persistence.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import dev.kanal.persistence.json.Json;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A collection as declared under {@code kanal.collections}: its name, how ids are made, its fields
 * and an optional hook class. It checks writes: types (with string casting), {@code required},
 * {@code enum} and defaults. {@code id}, {@code inserted_at} and {@code updated_at} belong to the
 * server: a write that sends them has them ignored.
 */
public record CollectionSchema(String name, IdKind idKind, Map<String, FieldSpec> fields, Optional<String> hookClass) {
  public static final String ID = "id";
  public static final String INSERTED_AT = "inserted_at";
  public static final String UPDATED_AT = "updated_at";

  /** How a write treats the fields it leaves out. */
  public enum WriteMode {
    /** A new record: left-out fields take their default, or null. */
    CREATE,
    /** PATCH: left-out fields keep their value. */
    MERGE,
    /** PUT: the body is the whole record; left-out fields take their default, or null. */
    REPLACE
  }

  public CollectionSchema {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    for (String reserved : List.of(ID, INSERTED_AT, UPDATED_AT)) {
      if (fields.containsKey(reserved)) {
        throw new IllegalArgumentException(
            "collection " + name + ": \"" + reserved + "\" is kept by the server and cannot be declared");
      }
    }
  }

  /** Reads one entry of {@code kanal.collections}. */
  public static CollectionSchema fromConfig(String name, Config config) {
    try {
      IdKind idKind = config.hasPath("id") ? IdKind.named(config.getString("id")) : IdKind.UUID;
      Map<String, FieldSpec> fields = new LinkedHashMap<>();
      if (config.hasPath("fields")) {
        Config fieldsConfig = config.getConfig("fields");
        for (String field : config.getObject("fields").keySet()) {
          fields.put(field, field(field, fieldsConfig.getConfig(quoted(field))));
        }
      }
      Optional<String> hook = config.hasPath("hook") ? Optional.of(config.getString("hook")) : Optional.empty();
      return new CollectionSchema(name, idKind, fields, hook);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("kanal.collections." + name + ": " + e.getMessage(), e);
    }
  }

  private static String quoted(String key) {
    return "\"" + key + "\"";
  }

  private static FieldSpec field(String name, Config config) {
    FieldType type = FieldType.named(config.getString("type"));
    boolean required = config.hasPath("required") && config.getBoolean("required");
    Optional<JsonNode> defaultValue = Optional.empty();
    if (config.hasPath("default")) {
      JsonNode raw = Json.fromConfig(config.getValue("default"));
      defaultValue = Optional.of(
          type.cast(raw).orElseThrow(() -> new IllegalArgumentException("default of " + name + " " + type.mismatch())));
    }
    List<JsonNode> allowed = List.of();
    if (config.hasPath("enum")) {
      allowed =
          config.getList("enum").stream()
              .map(ConfigValue.class::cast)
              .map(Json::fromConfig)
              .map(value -> type.cast(value).orElseThrow(
                  () -> new IllegalArgumentException("enum value " + value + " of " + name + " " + type.mismatch())))
              .toList();
    }
    FieldSpec spec = new FieldSpec(name, type, required, defaultValue, allowed);
    if (defaultValue.isPresent() && !spec.allows(defaultValue.get())) {
      throw new IllegalArgumentException("default of " + name + " is not one of its enum values");
    }
    return spec;
  }

  /** The type of a field, the server's own ({@code id}, timestamps) included. */
  public Optional<FieldType> typeOf(String field) {
    switch (field) {
      case ID:
        return Optional.of(idKind.type());
      case INSERTED_AT:
      case UPDATED_AT:
        return Optional.of(FieldType.DATETIME);
      default:
        return Optional.ofNullable(fields.get(field)).map(FieldSpec::type);
    }
  }

  /**
   * Checks a write's body against the fields and returns the declared fields the record will hold
   * (all of them for {@link WriteMode#CREATE} and {@link WriteMode#REPLACE}; the given ones for
   * {@link WriteMode#MERGE}), or what is wrong.
   */
  public Validated validate(ObjectNode input, WriteMode mode) {
    FieldErrors.Builder errors = new FieldErrors.Builder();
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    for (Iterator<String> names = input.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!fields.containsKey(field) && !isServerField(field)) {
        errors.add(field, "is not a field of " + name);
      }
    }
    for (FieldSpec spec : fields.values()) {
      JsonNode given = input.get(spec.name());
      if (given == null && mode == WriteMode.MERGE) {
        continue;
      }
      JsonNode value = given == null ? spec.defaultValue().orElse(NullNode.instance) : given;
      if (value.isNull()) {
        if (spec.required()) {
          errors.add(spec.name(), "can't be blank");
        }
        values.set(spec.name(), NullNode.instance);
        continue;
      }
      Optional<JsonNode> cast = spec.type().cast(value);
      if (cast.isEmpty()) {
        errors.add(spec.name(), spec.type().mismatch());
      } else if (!spec.allows(cast.get())) {
        errors.add(spec.name(), "must be one of " + Json.list(spec.allowed()));
      } else {
        values.set(spec.name(), cast.get());
      }
    }
    return errors.isEmpty() ? new Validated.Ok(values) : new Validated.Invalid(errors.build());
  }

  private static boolean isServerField(String field) {
    return field.equals(ID) || field.equals(INSERTED_AT) || field.equals(UPDATED_AT);
  }

  /** The outcome of {@link #validate}. */
  public sealed interface Validated {
    record Ok(ObjectNode values) implements Validated {}

    record Invalid(FieldErrors errors) implements Validated {}
  }
}
