package dev.kanal.server.session;

import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.server.dialect.ClientRef;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.dialect.ServerEvent;
import dev.kanal.server.topic.Subscriber;
import java.util.ArrayList;
import java.util.List;

/**
 * One subscription's inbox: the fan-out hands it broadcasts on its own thread, and it writes them
 * straight to the session's connection, once the session has opened it. Until then (the join is
 * being decided) it holds them, so the join's reply goes out first; once shut (a leave, a rejoin, a
 * refused join) it drops them. At most {@code maxHeld} wait; past that the join is refused, as the
 * topic is too hot to start on.
 */
final class DeliveryGate implements Subscriber.Inbox {
  private enum State { HOLDING, OPEN, SHUT }

  private final Connection connection;
  private final int maxHeld;
  private final Dialect dialect;
  private final ClientRef subscription;
  private volatile State state = State.HOLDING;
  private List<Frame> held = new ArrayList<>();
  private boolean overflowed;

  /** {@code subscription} and {@code dialect} encode what is pushed to this subscription alone. */
  DeliveryGate(Connection connection, int maxHeld, Dialect dialect, ClientRef subscription) {
    this.connection = connection;
    this.maxHeld = maxHeld;
    this.dialect = dialect;
    this.subscription = subscription;
  }

  @Override
  public void deliver(Subscriber.Delivery delivery) {
    pass(delivery.frame());
  }

  /** Encoded here, on the fan-out's thread, with this subscription's join_ref, as Phoenix's {@code push/3}. */
  @Override
  public void push(Broadcast message) {
    dialect.encode(new ServerEvent.Pushed(subscription, message.event(), message.payload())).forEach(this::pass);
  }

  private void pass(Frame frame) {
    if (state == State.OPEN) {
      connection.send(frame);
      return;
    }
    synchronized (this) {
      if (state == State.OPEN) {
        connection.send(frame);
      } else if (state == State.HOLDING) {
        if (held.size() < maxHeld) {
          held.add(frame);
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
  synchronized boolean open(List<Frame> reply) {
    if (state != State.HOLDING || overflowed) {
      shut();
      return false;
    }
    reply.forEach(connection::send);
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
