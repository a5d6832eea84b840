package dev.kanal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's connection, registry, channel store and send buffer against an in-memory server. */
class KanalClientTest {
  static final Duration WAIT = Duration.ofSeconds(5);

  final FakeTransport server = new FakeTransport();
  final AtomicInteger tokensAsked = new AtomicInteger();
  final List<KanalClient.State> states = new CopyOnWriteArrayList<>();
  final KanalClient client = KanalClient.builder(URI.create("ws://kanal.test/socket"))
      .accessToken(() -> "t" + tokensAsked.incrementAndGet())
      .heartbeat(Duration.ofHours(1))
      .timeout(Duration.ofMillis(500))
      .reconnectBackoff(attempt -> Duration.ofMillis(10))
      .transport(server)
      .build()
      .onState(states::add);

  @AfterEach
  void close() {
    client.close();
  }

  static JsonNode json(String text) throws Exception {
    return FakeTransport.JSON.readTree(text);
  }

  /** Joins {@code channel} and answers the join with {@code response}. */
  JsonNode joined(Channel channel, String response) throws Exception {
    Answer<JsonNode> join = channel.join();
    JsonNode request = server.next("phx_join");
    server.reply(request, "ok", response);
    join.await(WAIT);
    return request;
  }

  @Test
  void connectsWithTheTokenAndRoutesEachEventToItsHandlersAndTheWildcard() throws Exception {
    client.connect().await(WAIT);
    assertEquals(URI.create("ws://kanal.test/socket/websocket?vsn=2.0.0&token=t1"), server.opened.get(0));
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    Channel room = client.channel("room:a", ChannelOptions.broadcast(true, true))
        .on("broadcast", "shout", payload -> heard.add("shout " + payload))
        .on("broadcast", "*", payload -> heard.add("any " + payload));
    JsonNode join = joined(room, "{}");
    assertEquals(json("{\"config\":{\"broadcast\":{\"self\":true,\"ack\":true},\"presence\":{}}}"), join.get(4));

    server.serve("[null,null,\"room:a\",\"shout\",{\"n\":1}]");
    server.serve("[null,null,\"room:b\",\"shout\",{\"n\":2}]");
    assertEquals("shout {\"n\":1}", heard.poll(5, TimeUnit.SECONDS));
    assertEquals("any {\"n\":1}", heard.poll(5, TimeUnit.SECONDS));
    assertEquals(null, heard.poll(200, TimeUnit.MILLISECONDS), "another topic's event reaches no handler here");
  }

  @Test
  void anAcknowledgedBroadcastCompletesOnTheReplyAndTimesOutWithoutOne() throws Exception {
    client.connect().await(WAIT);
    Channel room = client.channel("room:a", ChannelOptions.broadcast(false, true));
    joined(room, "{}");
    Answer<Void> ack = room.broadcastWithAck("shout", JsonNodeFactory.instance.objectNode().put("n", 1));
    JsonNode push = server.next("shout");
    server.reply(push, "ok", "{}");
    ack.await(WAIT);

    Answer<Void> unanswered = room.broadcastWithAck("shout", JsonNodeFactory.instance.objectNode());
    assertThrows(KanalException.Timeout.class, () -> unanswered.await(WAIT));
    assertThrows(KanalException.Refused.class,
        () -> client.channel("room:b", ChannelOptions.DEFAULT).broadcastWithAck("e", JsonNodeFactory.instance.nullNode()).await(WAIT));
  }

  @Test
  void aRefusedJoinSaysWhyWithItsType() throws Exception {
    client.connect().await(WAIT);
    Answer<JsonNode> join = client.channel("staff:a", ChannelOptions.DEFAULT).join();
    server.reply(server.next("phx_join"), "error", "{\"reason\":\"unauthorized\"}");
    assertInstanceOf(KanalException.Unauthorized.class, assertThrows(KanalException.class, () -> join.await(WAIT)));

    Answer<JsonNode> other = client.channel("room:x", ChannelOptions.DEFAULT).join();
    server.reply(server.next("phx_join"), "error", "{\"reason\":\"unmatched topic\"}");
    KanalException refused = assertThrows(KanalException.class, () -> other.await(WAIT));
    assertInstanceOf(KanalException.JoinRefused.class, refused);
    assertEquals("unmatched topic", refused.getMessage());
  }

  @Test
  void pushesWaitInOrderUntilTheChannelIsJoinedAndTheBufferHoldsAHundred() throws Exception {
    client.connect().await(WAIT);
    Channel room = client.channel("room:a", ChannelOptions.DEFAULT);
    Answer<JsonNode> join = room.join();
    JsonNode request = server.next("phx_join");
    List<Answer<Void>> sent = new CopyOnWriteArrayList<>();
    for (int i = 0; i < KanalClient.SEND_BUFFER; i++) {
      sent.add(room.broadcast("e", JsonNodeFactory.instance.numberNode(i)));
    }
    Answer<Void> overflow = room.broadcast("e", JsonNodeFactory.instance.numberNode(100));
    assertThrows(KanalException.BufferFull.class, () -> overflow.await(WAIT));
    assertTrue(server.quietFor(Duration.ofMillis(100)), "nothing goes out before the join is answered");

    server.reply(request, "ok", "{}");
    join.await(WAIT);
    for (int i = 0; i < KanalClient.SEND_BUFFER; i++) {
      assertEquals(i, server.next("e").get(4).asInt(), "in the order they were made");
    }
    for (Answer<Void> answer : sent) {
      answer.await(WAIT);
    }
    room.broadcast("e", JsonNodeFactory.instance.numberNode(101)).await(WAIT);
    assertEquals(101, server.next("e").get(4).asInt(), "the buffer was given back");
  }

  @Test
  void aLostConnectionReconnectsWithAFreshTokenRejoinsAndTracksAgain() throws Exception {
    client.connect().await(WAIT);
    Channel staff = client.channel("staff:a", ChannelOptions.DEFAULT.presenceKey("kari"));
    joined(staff, "{}");
    Answer<Void> track = staff.track(JsonNodeFactory.instance.objectNode().put("station", "bar"));
    server.reply(server.next("presence"), "ok", "{}");
    track.await(WAIT);

    server.drop();
    JsonNode rejoin = server.next("phx_join");
    assertEquals(URI.create("ws://kanal.test/socket/websocket?vsn=2.0.0&token=t2"), server.opened.get(1));
    assertEquals("kari", rejoin.get(4).path("config").path("presence").path("key").asText());
    server.reply(rejoin, "ok", "{}");
    JsonNode retrack = server.next("presence");
    assertEquals("bar", retrack.get(4).path("payload").path("station").asText());
    assertEquals(List.of(KanalClient.State.CONNECTING, KanalClient.State.OPEN, KanalClient.State.RECONNECTING,
        KanalClient.State.OPEN), states);
  }

  @Test
  void presenceFollowsPhoenixsMergeAndDiffsWaitForTheState() throws Exception {
    client.connect().await(WAIT);
    BlockingQueue<PresenceEvent> events = new LinkedBlockingQueue<>();
    Channel room = client.channel("room:a", ChannelOptions.DEFAULT).onPresence(events::add);
    joined(room, "{}");
    server.serve("[\"1\",null,\"room:a\",\"presence_diff\",{\"joins\":{\"bo\":{\"metas\":[{\"phx_ref\":\"b1\"}]}},\"leaves\":{}}]");
    server.serve("[\"1\",null,\"room:a\",\"presence_state\",{\"al\":{\"metas\":[{\"phx_ref\":\"a1\"}]}}]");
    assertEquals("al", assertInstanceOf(PresenceEvent.Join.class, events.poll(5, TimeUnit.SECONDS)).key());
    assertEquals(Map.of("al", 1), sizes(assertInstanceOf(PresenceEvent.Sync.class, events.poll(5, TimeUnit.SECONDS))));
    assertEquals("bo", assertInstanceOf(PresenceEvent.Join.class, events.poll(5, TimeUnit.SECONDS)).key(),
        "the diff that came first is applied after the state");
    assertEquals(Map.of("al", 1, "bo", 1), sizes(assertInstanceOf(PresenceEvent.Sync.class, events.poll(5, TimeUnit.SECONDS))));

    server.serve("[\"1\",null,\"room:a\",\"presence_diff\",{\"joins\":{\"al\":{\"metas\":[{\"phx_ref\":\"a2\"}]}},"
        + "\"leaves\":{\"al\":{\"metas\":[{\"phx_ref\":\"a1\"}]},\"bo\":{\"metas\":[{\"phx_ref\":\"b1\"}]}}}]");
    PresenceEvent.Join update = assertInstanceOf(PresenceEvent.Join.class, events.poll(5, TimeUnit.SECONDS));
    assertEquals("a2", update.joined().get(0).path("phx_ref").asText());
    assertEquals(1, assertInstanceOf(PresenceEvent.Leave.class, events.poll(5, TimeUnit.SECONDS)).current().size(),
        "an updated meta replaces the old one under the same key");
    assertEquals(List.of(), assertInstanceOf(PresenceEvent.Leave.class, events.poll(5, TimeUnit.SECONDS)).current());
    assertEquals(Map.of("al", 1), sizes(assertInstanceOf(PresenceEvent.Sync.class, events.poll(5, TimeUnit.SECONDS))));
  }

  static Map<String, Integer> sizes(PresenceEvent.Sync sync) {
    return sync.state().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().size()));
  }

  @Test
  void aCollectionResumesSinceItsLastSeqAndNeverRepeatsAChange() throws Exception {
    client.connect().await(WAIT);
    BlockingQueue<CollectionEvent> events = new LinkedBlockingQueue<>();
    Channel orders = client.collection("order", Map.of("state", "received"), events::add);
    JsonNode join = joined(orders, "{\"items\":[{\"id\":1}],\"seq\":4}");
    assertEquals(json("{\"state\":\"received\"}"), join.get(4).get("options"));
    assertEquals(4, assertInstanceOf(CollectionEvent.Items.class, events.poll(5, TimeUnit.SECONDS)).seq());

    server.serve("[null,null,\"collection:order\",\"change\",{\"action\":\"create\",\"record\":{\"id\":2},\"seq\":5}]");
    server.serve("[null,null,\"collection:order\",\"change\",{\"action\":\"create\",\"record\":{\"id\":2},\"seq\":5}]");
    assertEquals(5, assertInstanceOf(CollectionEvent.Created.class, events.poll(5, TimeUnit.SECONDS)).seq());

    server.drop();
    JsonNode rejoin = server.next("phx_join");
    assertEquals(5, rejoin.get(4).path("options").path("since").asLong());
    server.reply(rejoin, "ok", "{\"changes\":[{\"action\":\"update\",\"record\":{\"id\":2},\"seq\":6},"
        + "{\"action\":\"delete\",\"record\":{\"id\":1},\"seq\":7}],\"seq\":7}");
    assertEquals(6, assertInstanceOf(CollectionEvent.Updated.class, events.poll(5, TimeUnit.SECONDS)).seq());
    assertEquals(1, assertInstanceOf(CollectionEvent.Deleted.class, events.poll(5, TimeUnit.SECONDS)).id().asInt());
    server.serve("[null,null,\"collection:order\",\"change\",{\"action\":\"update\",\"record\":{\"id\":2},\"seq\":6}]");
    assertEquals(null, events.poll(200, TimeUnit.MILLISECONDS), "a change the rejoin already gave is dropped");
  }

  @Test
  void anUnansweredHeartbeatCountsTheConnectionLost() throws Exception {
    try (KanalClient beating = KanalClient.builder(URI.create("ws://kanal.test/socket"))
        .heartbeat(Duration.ofMillis(100)).reconnectBackoff(attempt -> Duration.ofMillis(10)).transport(server).build()) {
      beating.connect().await(WAIT);
      server.next("heartbeat");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (server.opened.size() < 2 && System.nanoTime() < deadline) {
        server.quietFor(Duration.ofMillis(20));
      }
      assertEquals(2, server.opened.size(), "reconnected after the heartbeat went unanswered");
    }
  }

  @Test
  void theSupabaseDialectPrefixesTopicsAndWrapsBroadcasts() throws Exception {
    try (KanalClient supabase = KanalClient.builder(URI.create("ws://kanal.test/realtime/v1")).transport(server).build()) {
      assertEquals(URI.create("ws://kanal.test/realtime/v1/websocket?vsn=2.0.0"), uriOf(supabase));
    }
    KanalClient realtime = KanalClient.supabase(URI.create("ws://kanal.test/realtime/v1"), "key");
    assertEquals("realtime:lobby", realtime.channel("lobby", ChannelOptions.DEFAULT).topic());
    assertEquals("realtime:lobby", realtime.channel("realtime:lobby", ChannelOptions.DEFAULT).topic());
    realtime.close();
    assertEquals(json("{\"type\":\"broadcast\",\"event\":\"shout\",\"payload\":{\"n\":1}}"),
        ((dev.kanal.protocol.Payload.Json) Wire.SUPABASE.broadcast("1", "2", "realtime:lobby", "shout", json("{\"n\":1}"))
            .payload()).value());
    assertEquals(URI.create("ws://kanal.test/realtime/v1/websocket?vsn=1.0.0&apikey=key"),
        Wire.SUPABASE.uri(URI.create("ws://kanal.test/realtime/v1"), "key", Map.of()));
  }

  private URI uriOf(KanalClient other) throws Exception {
    other.connect().await(WAIT);
    return server.opened.get(server.opened.size() - 1);
  }
}
