package dev.kanal.server.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.phoenix.PhoenixJoinPayload;
import dev.kanal.protocol.Reply;
import dev.kanal.server.auth.JoinRule;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.config.ChannelRule;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ChannelRouterTest {
  static ChannelRule rule(String pattern, String kind) {
    return new ChannelRule(pattern, kind, new JoinRule.Public(), false);
  }

  static <S> JoinOutcome<S> joinNow(ChannelKind<S> kind, JoinRequest request) {
    return kind.join(request).toCompletableFuture().getNow(null);
  }

  /** Not a kind at all. */
  public static final class NotAKind {
    public NotAKind() {}
  }

  /** A kind the router cannot build: it has no no-argument constructor. */
  public static final class ConfiguredKind implements ChannelKind<Void> {
    public ConfiguredKind(String setting) {}

    @Override
    public CompletionStage<JoinOutcome<Void>> join(JoinRequest request) {
      return CompletableFuture.completedFuture(new JoinOutcome.Refused<>("unused"));
    }

    @Override
    public PushOutcome handlePush(PushRequest request, Void state) {
      return new PushOutcome.Ignore();
    }
  }

  /** A kind whose constructor fails. */
  public static final class FailingKind implements ChannelKind<Void> {
    public FailingKind() {
      throw new IllegalStateException("no database");
    }

    @Override
    public CompletionStage<JoinOutcome<Void>> join(JoinRequest request) {
      return CompletableFuture.completedFuture(new JoinOutcome.Refused<>("unused"));
    }

    @Override
    public PushOutcome handlePush(PushRequest request, Void state) {
      return new PushOutcome.Ignore();
    }
  }

  @Test
  void theFirstMatchingRuleWins() {
    ChannelRule special = rule("room:special", "server");
    ChannelRule rooms = rule("room:*", "broadcast");
    ChannelRule shadowed = rule("room:other", "server");
    ChannelRouter router = ChannelRouter.of(List.of(special, rooms, shadowed));

    ChannelRouter.Route toSpecial = router.route("room:special").orElseThrow();
    ChannelRouter.Route toOther = router.route("room:other").orElseThrow();
    ChannelRouter.Route toLobby = router.route("room:lobby").orElseThrow();

    assertSame(special, toSpecial.rule());
    assertInstanceOf(ServerKind.class, toSpecial.kind());
    assertSame(rooms, toOther.rule());
    assertInstanceOf(BroadcastKind.class, toOther.kind());
    assertSame(rooms, toLobby.rule());
    assertInstanceOf(BroadcastKind.class, toLobby.kind());
  }

  @Test
  void aTopicNoRuleMatchesHasNoRoute() {
    ChannelRouter router = ChannelRouter.of(List.of(rule("room:*", "broadcast")));

    assertEquals(Optional.empty(), router.route("chat:1"));
    assertEquals(Optional.empty(), ChannelRouter.of(List.of()).route("room:1"));
  }

  @Test
  void anUnknownKindFailsNamingTheRulesPattern() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChannelRouter.of(List.of(rule("room:*", "broadcast"), rule("chat:*", "brodcast"))));

    assertEquals(
        "kanal.channels rule \"chat:*\": unknown channel kind \"brodcast\": "
            + "use broadcast, server, collection, realtime or a class name",
        e.getMessage());
  }

  @Test
  void aUserKindIsLoadedByClassNameAndServesItsTopics() {
    ChannelRouter router = ChannelRouter.of(List.of(rule("echo:*", EchoKind.class.getName())));
    ChannelKind<Object> kind = router.route("echo:1").orElseThrow().kind();
    Payload payload = Payload.json(JsonNodeFactory.instance.objectNode().put("hello", "world"));

    assertInstanceOf(EchoKind.class, kind);
    JoinOutcome<Object> joined = joinNow(kind, new JoinRequest("echo:1", PhoenixJoinPayload.parse(Payload.EMPTY), Principal.anonymous()));
    assertEquals(new JoinOutcome.Accepted<Object>(Payload.EMPTY, "echo:1"), joined);
    Object state = ((JoinOutcome.Accepted<Object>) joined).state();
    assertEquals(
        new PushOutcome.Respond(Reply.Status.OK, payload),
        kind.handlePush(new PushRequest("echo:1", "say", payload, Principal.anonymous()), state));
  }

  @Test
  void aClassThatIsNotAKindFailsClearly() {
    String name = NotAKind.class.getName();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChannelRouter.of(List.of(rule("x:*", name))));

    assertEquals(
        "kanal.channels rule \"x:*\": " + name + " does not implement dev.kanal.server.channel.ChannelKind",
        e.getMessage());
  }

  @Test
  void aKindWithoutANoArgumentConstructorFailsClearly() {
    String name = ConfiguredKind.class.getName();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChannelRouter.of(List.of(rule("x:*", name))));

    assertEquals(
        "kanal.channels rule \"x:*\": channel kind " + name + " needs a public no-argument constructor that succeeds",
        e.getMessage());
  }

  @Test
  void aKindWhoseConstructorThrowsFailsWithThatCause() {
    String name = FailingKind.class.getName();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChannelRouter.of(List.of(rule("x:*", name))));

    assertTrue(e.getMessage().startsWith("kanal.channels rule \"x:*\": channel kind " + name), e.getMessage());
    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause().getCause());
    assertEquals("no database", cause.getMessage());
  }

  @Test
  void aCollectionRuleWithoutTheNodesCollectionKindLoadsAndRefusesEveryJoin() {
    ChannelRouter router = ChannelRouter.of(List.of(rule("collection:*", "collection"), rule("realtime:*", "realtime")));

    ChannelKind<Object> collection = router.route("collection:todos").orElseThrow().kind();
    assertEquals(
        new JoinOutcome.Refused<Object>("channel kind collection is not available on this server"),
        joinNow(collection, new JoinRequest("collection:todos", PhoenixJoinPayload.parse(Payload.EMPTY), Principal.anonymous())));
    assertEquals(
        new ServerOutcome.Reject("channel kind collection is not available on this server"),
        collection.handleServerMessage(new ServerMessage("collection:todos", "ev", Payload.EMPTY)));
    assertEquals(
        new PushOutcome.Respond(
            Reply.Status.ERROR, Replies.reason("channel kind collection is not available on this server")),
        collection.handlePush(new PushRequest("collection:todos", "ev", Payload.EMPTY, Principal.anonymous()), null));
    assertInstanceOf(RealtimeKind.class, router.route("realtime:db").orElseThrow().kind());
  }

}
