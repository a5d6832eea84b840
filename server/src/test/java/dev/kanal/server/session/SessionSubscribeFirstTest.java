package dev.kanal.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.kanal.persistence.collection.Change;
import dev.kanal.persistence.collection.ChangeView;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.auth.JoinRule;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.channel.ChannelKind;
import dev.kanal.server.channel.ChannelRouter;
import dev.kanal.server.channel.JoinOutcome;
import dev.kanal.server.channel.JoinRequest;
import dev.kanal.server.channel.PushOutcome;
import dev.kanal.server.channel.PushRequest;
import dev.kanal.server.config.ChannelRule;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.ChangeFrames;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A kind that subscribes first (as collections do): the socket subscribes before asking the kind,
 * holds what arrives meanwhile, and sends it after the join reply without the changes the reply
 * already holds.
 */
@ExtendWith(LogCapturingExtension.class)
class SessionSubscribeFirstTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final String TOPIC = "held:orders";

  /** Hands each join to the test, which answers it when it chooses. */
  static final class HeldKind implements ChannelKind<Object> {
    final LinkedBlockingQueue<CompletableFuture<JoinOutcome<Object>>> joins = new LinkedBlockingQueue<>();

    @Override
    public CompletionStage<JoinOutcome<Object>> join(JoinRequest request) {
      CompletableFuture<JoinOutcome<Object>> outcome = new CompletableFuture<>();
      joins.add(outcome);
      return outcome;
    }

    @Override
    public PushOutcome handlePush(PushRequest request, Object state) {
      return new PushOutcome.Ignore();
    }

    @Override
    public boolean subscribesFirst() {
      return true;
    }

    CompletableFuture<JoinOutcome<Object>> nextJoin() throws InterruptedException {
      return joins.poll(3, TimeUnit.SECONDS);
    }
  }

  HeldKind kind;
  TestProbe<Outbound> out;
  Subscriber.Inbox inbox;
  TestProbe<NodeFanout.Command> fanout;
  TestProbe<Outbound.Handled> acks;
  ActorRef<Subscriber.Message> socket;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    kind = new HeldKind();
    ChannelRouter router = ChannelRouter.of(
        List.of(new ChannelRule("held:*", "held", JoinRule.parse("public"), false)), Map.of("held", kind));
    out = testKit.createTestProbe();
    fanout = testKit.createTestProbe();
    acks = testKit.createTestProbe();
    socket = testKit.spawn(Session.create(new SessionContext(
        PhoenixDialect.V2, Principal.anonymous(), SessionTest.limits(100, Duration.ofSeconds(60)), router,
        topic -> testKit.<TopicEntity.Command>createTestProbe().ref(), fanout.ref(), Outbound.to(out.ref(), acks.ref()), SessionTest.VERIFIER, new KanalMetrics(), () -> {})));
  }

  private long joinAndAdmit() throws InterruptedException {
    socket.tell(new Session.Inbound(new Frame.Text("[\"1\",\"1\",\"" + TOPIC + "\",\"phx_join\",{}]")));
    NodeFanout.Subscribe subscribe = fanout.expectMessageClass(NodeFanout.Subscribe.class);
    assertEquals(0, kind.joins.size(), "the kind is asked only once the subscription is in place");
    inbox = subscribe.inbox();
    socket.tell(new Subscriber.Admitted(TOPIC, subscribe.joinId()));
    return subscribe.joinId();
  }

  private static Subscriber.ChangeDelivery change(long seq) {
    Change change = new Change("orders", seq, Change.Action.CREATE, LongNode.valueOf(seq), null,
        JsonNodeFactory.instance.objectNode().put("id", seq));
    return new Subscriber.ChangeDelivery(TOPIC, change, new ChangeFrames(TOPIC, change, new KanalMetrics()));
  }

  @Test
  void holdsWhatArrivesWhileTheKindReadsAndDropsWhatTheReplyAlreadyHolds() throws Exception {
    joinAndAdmit();
    CompletableFuture<JoinOutcome<Object>> join = kind.nextJoin();
    Subscriber.ChangeDelivery inReply = change(5);
    Subscriber.ChangeDelivery after = change(6);
    Frame other = PhoenixDialect.V2.broadcast(new Broadcast(TOPIC, "order_ready", Payload.EMPTY));
    socket.tell(inReply);
    inbox.deliver(new Subscriber.Delivery(TOPIC, other));
    socket.tell(after);
    out.expectNoMessage(Duration.ofMillis(200));

    join.complete(new JoinOutcome.Accepted<>(Payload.json(JsonNodeFactory.instance.objectNode().put("seq", 5)), null, 5));

    assertEquals(
        new Outbound.Send(new Frame.Text("[\"1\",\"1\",\"" + TOPIC + "\",\"phx_reply\",{\"status\":\"ok\",\"response\":{\"seq\":5}}]")),
        out.receiveMessage());
    assertEquals(new Outbound.Send(other), out.receiveMessage());
    assertEquals(new Outbound.Send(after.frames().frame(PhoenixDialect.V2, ChangeView.AS_IS)), out.receiveMessage());
    out.expectNoMessage(Duration.ofMillis(200));

    Subscriber.ChangeDelivery later = change(7);
    socket.tell(later);
    assertEquals(new Outbound.Send(later.frames().frame(PhoenixDialect.V2, ChangeView.AS_IS)), out.receiveMessage());
  }

  @Test
  void aRefusalAfterSubscribingUnsubscribesAndAnswersTheReason() throws Exception {
    joinAndAdmit();
    kind.nextJoin().complete(new JoinOutcome.Refused<>("unknown collection"));
    assertEquals(new NodeFanout.Unsubscribe(TOPIC, socket), fanout.expectMessageClass(NodeFanout.Unsubscribe.class));
    assertEquals(
        new Outbound.Send(new Frame.Text(
            "[\"1\",\"1\",\"" + TOPIC + "\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unknown collection\"}}]")),
        out.receiveMessage());
  }
}
