package dev.kanal.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.ClientRef;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.topic.Subscriber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A subscription's gate between the fan-out and the connection. */
class DeliveryGateTest {
  static final ClientRef JOIN = new ClientRef("room:a", "room:a", "3", "3");
  final List<Frame> sent = new ArrayList<>();
  final Connection connection = new Connection() {
    @Override
    public void send(Frame frame) {
      sent.add(frame);
    }

    @Override
    public void handled() {}

    @Override
    public void close(CloseCode code, String reason) {}
  };

  static Subscriber.Delivery delivery(String text) {
    return new Subscriber.Delivery("room:a", new Frame.Text(text));
  }

  @Test
  void holdsUntilOpenedThenSendsTheReplyFirstAndPassesTheRestStraightOn() {
    DeliveryGate gate = new DeliveryGate(connection, 10, PhoenixDialect.V2, JOIN);
    gate.deliver(delivery("early"));
    assertTrue(sent.isEmpty());
    assertTrue(gate.open(List.of(new Frame.Text("reply"))));
    gate.deliver(delivery("later"));
    assertEquals(List.of(new Frame.Text("reply"), new Frame.Text("early"), new Frame.Text("later")), sent);
  }

  @Test
  void refusesToOpenWhenMoreArrivedThanItHolds() {
    DeliveryGate gate = new DeliveryGate(connection, 2, PhoenixDialect.V2, JOIN);
    for (int i = 0; i < 3; i++) {
      gate.deliver(delivery("m" + i));
    }
    assertFalse(gate.open(List.of(new Frame.Text("reply"))));
    gate.deliver(delivery("after"));
    assertTrue(sent.isEmpty(), "a refused join's gate sends nothing, its reply included");
  }

  @Test
  void aShutGateDropsWhatComesAndCannotOpen() {
    DeliveryGate gate = new DeliveryGate(connection, 10, PhoenixDialect.V2, JOIN);
    assertTrue(gate.open(List.of(new Frame.Text("reply"))));
    gate.shut();
    gate.deliver(delivery("late"));
    assertEquals(List.of(new Frame.Text("reply")), sent);
    assertFalse(gate.open(List.of(new Frame.Text("again"))));
  }

  @Test
  void aPushToTheSubscriptionAloneCarriesItsJoinRefAndWaitsForTheReply() {
    DeliveryGate gate = new DeliveryGate(connection, 10, PhoenixDialect.V2, JOIN);
    gate.push(new Broadcast("room:a", "presence_state", Payload.EMPTY));
    assertTrue(sent.isEmpty());
    assertTrue(gate.open(List.of(new Frame.Text("reply"))));
    assertEquals(
        List.of(new Frame.Text("reply"), new Frame.Text("[\"3\",null,\"room:a\",\"presence_state\",{}]")), sent);
  }
}
