package dev.kanal.server.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.protocol.Payload;
import dev.kanal.server.channel.ServerMessage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** {@code POST /api/broadcast {"topic","event","payload"}}: publish to a topic from outside → 202. */
public final class BroadcastRoute {
  private final ApiAuth auth;
  private final List<String> broadcastRoles;
  private final ServerPublisher publisher;

  BroadcastRoute(ApiAuth auth, List<String> broadcastRoles, ServerPublisher publisher) {
    this.auth = auth;
    this.broadcastRoles = broadcastRoles;
    this.publisher = publisher;
  }

  public Route route() {
    return path(
        segment("api").slash("broadcast"),
        () ->
            post(
                () ->
                    optionalHeaderValueByName(
                        "Authorization",
                        authorization ->
                            entity(Unmarshaller.entityToString(), body -> publish(authorization, body)))));
  }

  private Route publish(Optional<String> authorization, String body) {
    Optional<HttpResponse> refusal = auth.refuse(authorization, broadcastRoles);
    if (refusal.isPresent()) {
      return complete(refusal.get());
    }
    JsonNode json;
    try {
      json = JsonResponses.JSON.readTree(body);
    } catch (IOException e) {
      return complete(JsonResponses.error(StatusCodes.BAD_REQUEST, "the body is not JSON"));
    }
    if (json == null
        || !json.isObject()
        || !json.path("topic").isTextual()
        || !json.path("event").isTextual()
        || !json.has("payload")) {
      return complete(
          JsonResponses.error(
              StatusCodes.BAD_REQUEST, "the body must be {\"topic\": string, \"event\": string, \"payload\": any}"));
    }
    ServerMessage message =
        new ServerMessage(json.get("topic").textValue(), json.get("event").textValue(), Payload.json(json.get("payload")));
    return PublishAnswers.complete(publisher.publish(message));
  }
}
