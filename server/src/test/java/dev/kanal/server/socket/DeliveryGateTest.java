package dev.kanal.server.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kanal.protocol.Frame;
import dev.kanal.server.topic.Subscriber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A subscription's gate between the fan-out and the connection. */
class DeliveryGateTest {
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
    DeliveryGate gate = new DeliveryGate(connection, 10);
    gate.deliver(delivery("early"));
    assertTrue(sent.isEmpty());
    assertTrue(gate.open(new Frame.Text("reply")));
    gate.deliver(delivery("later"));
    assertEquals(List.of(new Frame.Text("reply"), new Frame.Text("early"), new Frame.Text("later")), sent);
  }

  @Test
  void refusesToOpenWhenMoreArrivedThanItHolds() {
    DeliveryGate gate = new DeliveryGate(connection, 2);
    for (int i = 0; i < 3; i++) {
      gate.deliver(delivery("m" + i));
    }
    assertFalse(gate.open(new Frame.Text("reply")));
    gate.deliver(delivery("after"));
    assertTrue(sent.isEmpty(), "a refused join's gate sends nothing, its reply included");
  }

  @Test
  void aShutGateDropsWhatComesAndCannotOpen() {
    DeliveryGate gate = new DeliveryGate(connection, 10);
    assertTrue(gate.open(new Frame.Text("reply")));
    gate.shut();
    gate.deliver(delivery("late"));
    assertEquals(List.of(new Frame.Text("reply")), sent);
    assertFalse(gate.open(new Frame.Text("again")));
  }
}
