package dev.kanal.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;

/** The JSON bodies of API answers: {@code {"error": …}} and {@code {"errors": {field: [message]}}}. */
final class JsonResponses {
  static final ObjectMapper JSON = new ObjectMapper();

  private JsonResponses() {}

  static HttpResponse error(StatusCode status, String message) {
    return json(status, JSON.createObjectNode().put("error", message));
  }

  static HttpResponse fieldError(StatusCode status, String field, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("errors").putArray(field).add(message);
    return json(status, body);
  }

  static HttpResponse json(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a response body could not be written", e);
    }
  }
}
