package dev.kanal.presence;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The names Phoenix gives presence fields, and the JSON shape shared by states and diffs. */
public final class Metas {
  public static final String PHX_REF = "phx_ref";
  public static final String PHX_REF_PREV = "phx_ref_prev";

  private Metas() {}

  /** The meta's {@code phx_ref}, or empty when it has none (a JSON null is none). */
  public static String ref(ObjectNode meta) {
    return meta.path(PHX_REF).isTextual() ? meta.get(PHX_REF).textValue() : "";
  }

  /** {@code {key: {"metas": [...]}}} */
  static ObjectNode toJson(Map<String, List<ObjectNode>> byKey) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    byKey.forEach((key, metas) -> json.putObject(key).putArray("metas").addAll(metas));
    return json;
  }
}
