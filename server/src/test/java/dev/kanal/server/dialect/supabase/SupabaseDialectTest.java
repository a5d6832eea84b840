package dev.kanal.server.dialect.supabase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.Change;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.ClientCommand;
import dev.kanal.server.dialect.ClientRef;
import dev.kanal.server.dialect.Handshake;
import dev.kanal.server.dialect.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the Supabase dialect reads from realtime-js and writes for it, frame by frame. */
class SupabaseDialectTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ClientRef CHANNEL = new ClientRef("realtime:r", "realtime:r", "1", "1");

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  static JsonNode text(Frame frame) throws Exception {
    return json(assertInstanceOf(Frame.Text.class, frame).text());
  }

  @Test
  void aBroadcastPushIsThePlainPushOfTheUsersEvent() throws Exception {
    ClientCommand command = SupabaseDialect.V2.decode(new Frame.Text(
        "[\"1\",\"3\",\"realtime:r\",\"broadcast\",{\"type\":\"broadcast\",\"event\":\"shout\",\"payload\":{\"a\":1}}]"));
    assertEquals(
        new ClientCommand.Push(new ClientRef("realtime:r", "realtime:r", "1", "3"), "shout", Payload.json(json("{\"a\":1}"))),
        command);
  }

  @Test
  void aKindThreePushIsReadOnV2Only() {
    byte[] push = {3, 1, 1, 1, 1, 0, 0, '1', '2', 't', 'e', 9};
    assertEquals(
        new ClientCommand.Push(new ClientRef("t", "t", "1", "2"), "e", Payload.binary(new byte[] {9})),
        SupabaseDialect.V2.decode(new Frame.Binary(push)));
    assertInstanceOf(ClientCommand.Invalid.class, SupabaseDialect.V1.decode(new Frame.Binary(push)));
  }

  @Test
  void aBroadcastWithoutAnEventAndAnUnknownEventAreRefusedWithAReason() {
    ClientCommand.Invalid shapeless = assertInstanceOf(ClientCommand.Invalid.class,
        SupabaseDialect.V2.decode(new Frame.Text("[\"1\",\"4\",\"realtime:r\",\"broadcast\",{\"payload\":{}}]")));
    assertEquals(new ClientRef("realtime:r", "realtime:r", "1", "4"), shapeless.from());
    ClientCommand.Invalid unknown = assertInstanceOf(ClientCommand.Invalid.class,
        SupabaseDialect.V2.decode(new Frame.Text("[\"1\",\"5\",\"realtime:r\",\"shout\",{}]")));
    assertEquals("unknown event shout; a realtime channel takes broadcast, presence and access_token", unknown.reason());
  }

  @Test
  void presenceAndTokenPushesAreTheSameAsPhoenixs() {
    assertInstanceOf(ClientCommand.Presence.class, SupabaseDialect.V1.decode(new Frame.Text(
        "{\"topic\":\"realtime:r\",\"event\":\"presence\",\"payload\":{\"type\":\"presence\",\"event\":\"untrack\"},\"ref\":\"6\"}")));
    ClientCommand.AccessToken token = assertInstanceOf(ClientCommand.AccessToken.class, SupabaseDialect.V2.decode(
        new Frame.Text("[\"1\",\"7\",\"realtime:r\",\"access_token\",{\"access_token\":\"t0k\"}]")));
    assertEquals("t0k", token.token());
  }

  @Test
  void onV2AUserBroadcastIsKindFour() {
    Frame frame = SupabaseDialect.V2.broadcast(new Broadcast("t", "e", Payload.json(IntNode.valueOf(5))));
    assertArrayEquals(
        new byte[] {4, 1, 1, 0, 1, 't', 'e', '5'}, assertInstanceOf(Frame.Binary.class, frame).bytes().toArray());
  }

  @Test
  void anEventTooLongForKindFourGoesAsText() throws Exception {
    String event = "e".repeat(300);
    JsonNode frame = text(SupabaseDialect.V2.broadcast(new Broadcast("realtime:r", event, Payload.json(IntNode.valueOf(1)))));
    assertEquals(event, frame.get(4).path("event").asText());
    assertEquals("broadcast", frame.get(3).asText());
  }

  @Test
  void onV1AUserBroadcastIsWrappedAndBytesAreBase64() throws Exception {
    assertEquals(
        json("{\"topic\":\"realtime:r\",\"event\":\"broadcast\",\"ref\":null,"
            + "\"payload\":{\"type\":\"broadcast\",\"event\":\"shout\",\"payload\":{\"a\":1}}}"),
        text(SupabaseDialect.V1.broadcast(new Broadcast("realtime:r", "shout", Payload.json(json("{\"a\":1}"))))));
    JsonNode bytes = text(SupabaseDialect.V1.broadcast(
        new Broadcast("realtime:r", "raw", Payload.binary("hi".getBytes(StandardCharsets.UTF_8)))));
    assertEquals("aGk=", bytes.path("payload").path("payload").asText());
  }

  @Test
  void presenceEventsKeepPhoenixsShape() throws Exception {
    assertEquals(
        json("[null,null,\"realtime:r\",\"presence_diff\",{\"joins\":{},\"leaves\":{}}]"),
        text(SupabaseDialect.V2.broadcast(
            new Broadcast("realtime:r", "presence_diff", Payload.json(json("{\"joins\":{},\"leaves\":{}}"))))));
  }

  @Test
  void aCollectionChangeIsABroadcastOfEventChange() throws Exception {
    Change created = new Change("order", 4, Change.Action.CREATE, IntNode.valueOf(9),
        null, (ObjectNode) json("{\"id\":9}"));
    assertEquals(
        json("{\"topic\":\"realtime:order\",\"event\":\"broadcast\",\"ref\":null,\"payload\":{\"type\":\"broadcast\","
            + "\"event\":\"change\",\"payload\":{\"action\":\"create\",\"record\":{\"id\":9},\"seq\":4}}}"),
        text(SupabaseDialect.V1.change("realtime:order", created)));
  }

  @Test
  void aChannelClosedForAnExpiredTokenIsToldWhyFirst() throws Exception {
    List<Frame> frames = SupabaseDialect.V2.encode(new ServerEvent.Closed(CHANNEL, ServerEvent.CloseCause.TOKEN_EXPIRED));
    assertEquals(2, frames.size());
    assertEquals(
        json("[\"1\",null,\"realtime:r\",\"system\",{\"extension\":\"system\",\"status\":\"error\","
            + "\"message\":\"Token has expired\",\"channel\":\"r\"}]"),
        text(frames.get(0)));
    assertEquals(json("[\"1\",\"1\",\"realtime:r\",\"phx_close\",{}]"), text(frames.get(1)));
    assertEquals(1, SupabaseDialect.V2.encode(new ServerEvent.Closed(CHANNEL, ServerEvent.CloseCause.LEFT)).size());
  }

  @Test
  void theEndpointTakesAUsersAccessTokenBeforeTheApikeyAndAVsn() {
    SupabaseEndpoint endpoint = new SupabaseEndpoint();
    assertEquals(Optional.of("user"), endpoint.token(new Handshake(
        Map.of("apikey", List.of("project"), "access_token", List.of("user")), List.of())));
    assertEquals(Optional.of("project"), endpoint.token(new Handshake(Map.of("apikey", List.of("project")), List.of())));
    assertEquals(Optional.of(SupabaseDialect.V2), endpoint.dialect(Optional.of("2.0.0")));
    assertEquals(Optional.of(SupabaseDialect.V1), endpoint.dialect(Optional.empty()));
    assertEquals(Optional.empty(), endpoint.dialect(Optional.of("3.0.0")));
  }
}
