package dev.kanal.server.socket;

import dev.kanal.protocol.Frame;
import dev.kanal.server.topic.Subscriber;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscription's inbox: the fan-out hands it broadcasts on its own thread, and it writes them
 * straight to the socket's connection, once the socket has opened it. Until then (the join is being
 * decided) it holds them, so the join's reply goes out first; once shut (a leave, a rejoin, a
 * refused join) it drops them. At most {@code maxHeld} wait; past that the join is refused, as the
 * topic is too hot to start on.
 */
final class DeliveryGate implements Subscriber.Inbox {
  private enum State { HOLDING, OPEN, SHUT }

  private final Connection connection;
  private final int maxHeld;
  private volatile State state = State.HOLDING;
  private List<Frame> held = new ArrayList<>();
  private boolean overflowed;

  DeliveryGate(Connection connection, int maxHeld) {
    this.connection = connection;
    this.maxHeld = maxHeld;
  }

  @Override
  public void deliver(Subscriber.Delivery delivery) {
    if (state == State.OPEN) {
      connection.send(delivery.frame());
      return;
    }
    synchronized (this) {
      if (state == State.OPEN) {
        connection.send(delivery.frame());
      } else if (state == State.HOLDING) {
        if (held.size() < maxHeld) {
          held.add(delivery.frame());
        } else {
          overflowed = true;
        }
      }
    }
  }

  /**
   * Sends the join's {@code reply}, then what was held, and lets what follows through; false (and
   * shut, nothing sent) when more arrived while holding than it keeps.
   */
  synchronized boolean open(Frame reply) {
    if (state != State.HOLDING || overflowed) {
      shut();
      return false;
    }
    connection.send(reply);
    held.forEach(connection::send);
    held = List.of();
    state = State.OPEN;
    return true;
  }

  synchronized void shut() {
    state = State.SHUT;
    held = List.of();
  }
}
