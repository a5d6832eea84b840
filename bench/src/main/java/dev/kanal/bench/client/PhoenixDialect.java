package dev.kanal.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;

/**
 * Kanal's Phoenix protocol, version 2.0.0: JSON array frames, {@code phx_join} answered by a
 * {@code phx_reply}, a heartbeat on topic {@code phoenix}, and {@code POST /api/broadcast}.
 */
public final class PhoenixDialect implements Dialect {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The event every bench broadcast carries. */
  public static final String EVENT = "bench";

  private final String token;

  /** {@code token} is a bearer JWT with a role that may broadcast, or null. */
  public PhoenixDialect(String token) {
    this.token = token;
  }

  @Override
  public URI socketUri(URI base) {
    return base.resolve("/socket/websocket?vsn=2.0.0");
  }

  @Override
  public String join(String ref, String topic, String payloadJson) {
    return "[" + quote(ref) + "," + quote(ref) + "," + quote(topic) + ",\"phx_join\"," + payloadJson + "]";
  }

  @Override
  public JoinAnswer answer(String text, String ref) {
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (IOException e) {
      return JoinAnswer.UNRELATED;
    }
    if (!frame.isArray() || frame.size() != 5 || !ref.equals(frame.get(1).asText())
        || !"phx_reply".equals(frame.get(3).asText())) {
      return JoinAnswer.UNRELATED;
    }
    JsonNode reply = frame.get(4);
    if ("ok".equals(reply.path("status").asText())) {
      return JoinAnswer.ACCEPTED;
    }
    JsonNode reason = reply.path("response").path("reason");
    return new JoinAnswer.Refused(reason.isMissingNode() ? reply.toString() : reason.asText());
  }

  @Override
  public Optional<String> heartbeat(String ref) {
    return Optional.of("[null," + quote(ref) + ",\"phoenix\",\"heartbeat\",{}]");
  }

  /** Kanal is one cluster: a publish to any node reaches every node's subscribers. */
  @Override
  public List<HttpRequest> publish(List<URI> bases, String topic, String payloadJson) {
    String body = "{\"topic\":" + quote(topic) + ",\"event\":\"" + EVENT + "\",\"payload\":" + payloadJson + "}";
    return List.of(post(bases.get(0).resolve("/api/broadcast"), body));
  }

  /** A JSON POST carrying this dialect's token. */
  public HttpRequest post(URI uri, String jsonBody) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return request.build();
  }

  @Override
  public Optional<URI> metrics(URI base) {
    return Optional.of(base.resolve("/metrics"));
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"presence":{"key":key,"meta":{}}}}, the Phoenix-style way to track on join. */
  public static String presenceJoin(String key) {
    ObjectNode payload = JSON.createObjectNode();
    payload.putObject("presence").put("key", key).putObject("meta");
    return payload.toString();
  }
}
