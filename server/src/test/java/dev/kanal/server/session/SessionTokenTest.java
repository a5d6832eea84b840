package dev.kanal.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.kanal.protocol.Frame;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A socket's token running out while it is joined, and a client replacing it in time. */
@ExtendWith(LogCapturingExtension.class)
class SessionTokenTest {
  static final ActorTestKit testKit = ActorTestKit.create();

  TestProbe<Outbound> out;
  TestProbe<NodeFanout.Command> fanout;
  TestProbe<Outbound.Handled> acks;
  ActorRef<Subscriber.Message> socket;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static String token(Instant expires) {
    return JWT.create().withSubject("u1").withClaim("role", "staff").withExpiresAt(expires)
        .sign(Algorithm.HMAC256(SessionTest.SECRET));
  }

  /** Connected with a token that expired 3 s ago: still inside the leeway, so it runs out about 2 s from now. */
  @BeforeEach
  void start() {
    Principal principal = ((TokenVerifier.Verification.Verified)
        SessionTest.VERIFIER.verify(token(Instant.now().minusSeconds(3)))).principal();
    out = testKit.createTestProbe();
    fanout = testKit.createTestProbe();
    acks = testKit.createTestProbe();
    TestProbe<TopicEntity.Command> entity = testKit.createTestProbe();
    socket = testKit.spawn(Session.create(new SessionContext(
        PhoenixDialect.V2, principal, SessionTest.limits(100, Duration.ofSeconds(60)), SessionTest.ROUTER,
        topic -> entity.ref(), fanout.ref(), Outbound.to(out.ref(), acks.ref()), SessionTest.VERIFIER, new KanalMetrics(), () -> {})));
    join("staff:a", "1");
    join("room:a", "2");
  }

  void send(String text) {
    socket.tell(new Session.Inbound(new Frame.Text(text)));
    acks.expectMessage(Outbound.Handled.INSTANCE);
  }

  Frame.Text next() {
    return (Frame.Text) ((Outbound.Send) out.receiveMessage(Duration.ofSeconds(10))).frame();
  }

  void join(String topic, String ref) {
    send("[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_join\",{}]");
    NodeFanout.Subscribe subscribe = fanout.expectMessageClass(NodeFanout.Subscribe.class);
    socket.tell(new Subscriber.Admitted(topic, subscribe.joinId()));
    assertEquals("[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]", next().text());
  }

  @Test
  void anExpiredTokenClosesTheChannelsItWasNeededForAndGrantsNothingMore() {
    assertEquals("[\"1\",\"1\",\"staff:a\",\"phx_close\",{}]", next().text());
    assertEquals(new NodeFanout.Unsubscribe("staff:a", socket), fanout.expectMessageClass(NodeFanout.Unsubscribe.class));
    out.expectNoMessage(Duration.ofMillis(300));

    send("[\"3\",\"3\",\"staff:b\",\"phx_join\",{}]");
    assertEquals("[\"3\",\"3\",\"staff:b\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unauthorized\"}}]", next().text());
    send("[\"2\",\"4\",\"room:a\",\"phx_leave\",{}]");
    assertEquals("[\"2\",\"4\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]", next().text(),
        "the public channel stayed joined");
  }

  @Test
  void aFreshAccessTokenPushedInTimeKeepsTheChannels() {
    send("[\"2\",\"5\",\"room:a\",\"access_token\",{\"access_token\":\"" + token(Instant.now().plusSeconds(3600)) + "\"}]");
    assertEquals("[\"2\",\"5\",\"room:a\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]", next().text());
    out.expectNoMessage(Duration.ofSeconds(4));
  }

  @Test
  void aBadAccessTokenIsRefusedAndChangesNothing() {
    send("[\"2\",\"6\",\"room:a\",\"access_token\",{\"access_token\":\"not-a-jwt\"}]");
    String reply = next().text();
    assertEquals(true, reply.startsWith("[\"2\",\"6\",\"room:a\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"invalid token: "), reply);
    assertEquals("[\"1\",\"1\",\"staff:a\",\"phx_close\",{}]", next().text(), "the old token still runs out");
  }
}
