package dev.kanal.server.topic;

import dev.kanal.protocol.Broadcast;
import dev.kanal.server.dialect.ClientRef;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.dialect.ServerEvent;
import org.apache.pekko.actor.typed.ActorRef;

/** An inbox that tells a probe each frame it gets, pushes encoded as for a subscription with no refs. */
public final class TestInbox {
  private TestInbox() {}

  public static Subscriber.Inbox of(ActorRef<? super Subscriber.Delivery> probe, Dialect dialect) {
    return new Subscriber.Inbox() {
      @Override
      public void deliver(Subscriber.Delivery delivery) {
        probe.tell(delivery);
      }

      @Override
      public void push(Broadcast message) {
        ClientRef to = new ClientRef(message.topic(), message.topic(), null, null);
        dialect.encode(new ServerEvent.Pushed(to, message.event(), message.payload()))
            .forEach(frame -> probe.tell(new Subscriber.Delivery(message.topic(), frame)));
      }
    };
  }
}
