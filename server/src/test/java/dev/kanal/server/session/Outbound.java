package dev.kanal.server.session;

import dev.kanal.protocol.Frame;
import org.apache.pekko.actor.typed.ActorRef;

/** What a socket actor does to its connection, as a test probe sees it. */
sealed interface Outbound {

  record Send(Frame frame) implements Outbound {}

  record Close(CloseCode code, String reason) implements Outbound {}

  /** The actor handled an inbound frame. */
  enum Handled {
    INSTANCE
  }

  /** A connection that tells {@code out} what goes out and {@code handled} when a frame is handled. */
  static Connection to(ActorRef<Outbound> out, ActorRef<Handled> handled) {
    return new Connection() {
      @Override
      public void send(Frame frame) {
        out.tell(new Send(frame));
      }

      @Override
      public void handled() {
        handled.tell(Handled.INSTANCE);
      }

      @Override
      public void close(CloseCode code, String reason) {
        out.tell(new Close(code, reason));
      }
    };
  }
}
