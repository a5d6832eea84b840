package dev.kanal.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhoenixDialectTest {
  private final PhoenixDialect dialect = new PhoenixDialect("a.b.c");

  @Test
  void joinIsAV2ArrayWithTheRefAsJoinRef() {
    assertEquals("[\"1\",\"1\",\"room:x\",\"phx_join\",{}]", dialect.join("1", "room:x", "{}"));
  }

  @Test
  void anOkReplyWithTheJoinsRefAcceptsIt() {
    String reply = "[\"1\",\"1\",\"room:x\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]";
    assertEquals(JoinAnswer.ACCEPTED, dialect.answer(reply, "1"));
  }

  @Test
  void anErrorReplyCarriesTheReason() {
    String reply = "[\"1\",\"1\",\"nope:x\",\"phx_reply\",{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}]";
    assertEquals(new JoinAnswer.Refused("unmatched topic"), dialect.answer(reply, "1"));
  }

  @Test
  void otherFramesAreUnrelated() {
    assertEquals(JoinAnswer.UNRELATED, dialect.answer("[null,\"7\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\"}]", "1"));
    assertEquals(JoinAnswer.UNRELATED, dialect.answer("[null,null,\"room:x\",\"shout\",{}]", "1"));
    assertEquals(JoinAnswer.UNRELATED, dialect.answer("not json", "1"));
  }

  @Test
  void heartbeatIsOnTopicPhoenix() {
    assertEquals("[null,\"3\",\"phoenix\",\"heartbeat\",{}]", dialect.heartbeat("3").orElseThrow());
  }

  @Test
  void aPublishGoesToTheFirstNodeOnlyWithTheToken() {
    List<HttpRequest> requests = dialect.publish(
        List.of(URI.create("http://127.0.0.1:4001"), URI.create("http://127.0.0.1:4002")), "bench:x", "{\"n\":1}");
    assertEquals(1, requests.size());
    assertEquals(URI.create("http://127.0.0.1:4001/api/broadcast"), requests.get(0).uri());
    assertEquals("Bearer a.b.c", requests.get(0).headers().firstValue("authorization").orElseThrow());
  }

  @Test
  void theReferenceGetsEveryPublishOnEveryNode() {
    List<HttpRequest> requests = new ReferenceDialect().publish(
        List.of(URI.create("http://127.0.0.1:4001"), URI.create("http://127.0.0.1:4002")), "ignored", "{}");
    assertEquals(List.of(URI.create("http://127.0.0.1:4001/publish"), URI.create("http://127.0.0.1:4002/publish")),
        requests.stream().map(HttpRequest::uri).toList());
  }

  @Test
  void presenceJoinTracksTheKey() {
    assertEquals("{\"presence\":{\"key\":\"client-7\",\"meta\":{}}}", PhoenixDialect.presenceJoin("client-7"));
  }
}
