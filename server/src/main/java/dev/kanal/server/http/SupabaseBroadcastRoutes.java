package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.protocol.Payload;
import dev.kanal.server.auth.BearerToken;
import dev.kanal.server.channel.ServerMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.util.ByteString;

/**
 * Supabase Realtime's REST broadcast, as realtime-js calls it ({@code httpSend}, and {@code send()}
 * on a channel it has not joined): {@code POST /realtime/v1/api/broadcast} with
 * {@code {"messages":[{"topic","event","payload","private"?}]}} and
 * {@code POST /realtime/v1/api/broadcast/{topic}/events/{event}} with the payload as body, each
 * answered 202. Topics are named without {@code realtime:}. The token comes as
 * {@code Authorization: Bearer} or in an {@code apikey} header, and its role must be one of
 * {@code kanal.auth.broadcast-roles}, as for {@code POST /api/broadcast}.
 */
public final class SupabaseBroadcastRoutes {
  private static final String TOPIC_PREFIX = "realtime:";

  private final ApiAuth auth;
  private final List<String> broadcastRoles;
  private final ServerPublisher publisher;

  SupabaseBroadcastRoutes(ApiAuth auth, List<String> broadcastRoles, ServerPublisher publisher) {
    this.auth = auth;
    this.broadcastRoles = broadcastRoles;
    this.publisher = publisher;
  }

  public Route route() {
    return pathPrefix(segment("realtime").slash("v1").slash("api").slash("broadcast"), () -> concat(
        pathEnd(() -> post(() -> authorized(() -> entity(Unmarshaller.entityToString(), this::publishAll)))),
        path(segment().slash("events").slash(segment()), (topic, event) -> post(() -> authorized(
            () -> extractRequestEntity(request -> entity(Unmarshaller.entityToByteString(),
                body -> publishOne(TOPIC_PREFIX + topic, event, request, body))))))));
  }

  /** The token rides in {@code Authorization: Bearer} or, as realtime-js sends it, in {@code apikey}. */
  private Route authorized(Supplier<Route> inner) {
    return optionalHeaderValueByName("Authorization", authorization ->
        optionalHeaderValueByName("apikey", apikey -> {
          Optional<String> token = authorization.flatMap(BearerToken::fromAuthorization).or(() -> apikey);
          return auth.refuseToken(token, broadcastRoles).map(refusal -> complete(refusal)).orElseGet(inner);
        }));
  }

  private Route publishAll(String body) {
    JsonNode json;
    try {
      json = JsonResponses.JSON.readTree(body);
    } catch (IOException e) {
      return complete(JsonResponses.error(StatusCodes.BAD_REQUEST, "the body is not JSON"));
    }
    JsonNode messages = json == null ? null : json.path("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      return complete(JsonResponses.error(StatusCodes.BAD_REQUEST, "the body must be {\"messages\": [ … ]} with at least one message"));
    }
    List<ServerMessage> parsed = new ArrayList<>();
    for (JsonNode message : messages) {
      if (!message.isObject()
          || !message.path("topic").isTextual()
          || message.path("topic").textValue().isEmpty()
          || !message.path("event").isTextual()
          || !message.has("payload")
          || message.has("private") && !message.get("private").isBoolean()) {
        return complete(JsonResponses.error(StatusCodes.BAD_REQUEST,
            "each message must be {\"topic\": string, \"event\": string, \"payload\": any, \"private\"?: boolean}"));
      }
      parsed.add(new ServerMessage(
          TOPIC_PREFIX + message.get("topic").textValue(), message.get("event").textValue(),
          Payload.json(message.get("payload"))));
    }
    return PublishAnswers.complete(publisher.publishAll(parsed));
  }

  private Route publishOne(String topic, String event, HttpEntity request, ByteString body) {
    Payload payload;
    if (request.getContentType().mediaType().equals(MediaTypes.APPLICATION_OCTET_STREAM)) {
      payload = Payload.binary(body.toArray());
    } else {
      try {
        JsonNode json = body.isEmpty() ? JsonResponses.JSON.createObjectNode() : JsonResponses.JSON.readTree(body.toArray());
        payload = Payload.json(json);
      } catch (IOException e) {
        return complete(JsonResponses.error(StatusCodes.BAD_REQUEST, "the body is not JSON"));
      }
    }
    return PublishAnswers.complete(publisher.publish(new ServerMessage(topic, event, payload)));
  }
}
