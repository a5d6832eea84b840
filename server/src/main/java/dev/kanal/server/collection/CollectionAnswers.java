package dev.kanal.server.collection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.CollectionReply;
import java.util.stream.Collectors;

/** Turns a collection's refusals into the words clients read, the same on channels and REST. */
public final class CollectionAnswers {
  private CollectionAnswers() {}

  /** One sentence for a refused read or write, e.g. a join's error reason. */
  public static String reason(Object reply) {
    if (reply instanceof CollectionReply.BadQuery bad) {
      return bad.message();
    }
    if (reply instanceof CollectionReply.Invalid invalid) {
      return invalid.errors().byField().entrySet().stream()
          .map(entry -> entry.getKey() + " " + String.join(", ", entry.getValue()))
          .collect(Collectors.joining("; "));
    }
    return "not found";
  }

  /** {@code {"reason": …}} plus {@code "errors"} when fields are at fault: a channel's error reply. */
  public static ObjectNode errorBody(CollectionReply.Write reply) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (reply instanceof CollectionReply.Invalid invalid) {
      body.put("reason", "invalid");
      body.setAll(invalid.errors().toJson());
    } else {
      body.put("reason", reason(reply));
    }
    return body;
  }
}
