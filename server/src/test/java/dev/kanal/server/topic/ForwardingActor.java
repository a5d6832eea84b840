package dev.kanal.server.topic;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** An actor that passes everything on to a probe and, unlike a probe, can be stopped to play a death. */
final class ForwardingActor {
  private ForwardingActor() {}

  static <T> Behavior<T> to(ActorRef<T> target) {
    return Behaviors.receiveMessage(message -> {
      target.tell(message);
      return Behaviors.same();
    });
  }
}
