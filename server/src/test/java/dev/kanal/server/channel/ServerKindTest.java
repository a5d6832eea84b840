package dev.kanal.server.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.phoenix.PhoenixJoinPayload;
import dev.kanal.protocol.Reply;
import dev.kanal.server.auth.Principal;
import org.junit.jupiter.api.Test;

class ServerKindTest {
  final ServerKind kind = new ServerKind();
  final Payload payload = Payload.json(JsonNodeFactory.instance.objectNode().put("n", 1));

  @Test
  void joinIsAcceptedAtOnceWithAnEmptyResponseAndNoState() {
    Principal admin = Principal.of(JsonNodeFactory.instance.objectNode().put("role", "admin"));

    assertEquals(
        new JoinOutcome.Accepted<Void>(Payload.EMPTY, null),
        kind.join(new JoinRequest("notifications:1", PhoenixJoinPayload.parse(payload), admin)).toCompletableFuture().getNow(null));
    assertEquals(
        new JoinOutcome.Accepted<Void>(Payload.EMPTY, null),
        kind.join(new JoinRequest("notifications:1", PhoenixJoinPayload.parse(Payload.EMPTY), Principal.anonymous()))
            .toCompletableFuture()
            .getNow(null));
  }

  @Test
  void everyClientPushIsRefused() {
    ObjectNode reason =
        JsonNodeFactory.instance.objectNode().put("reason", "this topic only receives messages from the server");

    assertEquals(
        new PushOutcome.Respond(Reply.Status.ERROR, Payload.json(reason)),
        kind.handlePush(new PushRequest("notifications:1", "msg", payload, Principal.anonymous()), null));
    assertEquals(
        new PushOutcome.Respond(Reply.Status.ERROR, Payload.json(reason)),
        kind.handlePush(new PushRequest("notifications:1", "phx_custom", Payload.EMPTY, Principal.anonymous()), null));
  }

  @Test
  void serverMessagesAreDeliveredUnchanged() {
    assertEquals(
        new ServerOutcome.Deliver("alert", payload),
        kind.handleServerMessage(new ServerMessage("notifications:1", "alert", payload)));
  }
}
