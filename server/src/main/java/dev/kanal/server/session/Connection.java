package dev.kanal.server.session;

import dev.kanal.protocol.Frame;

/**
 * The client's end of a socket as its actor sees it. Frames go out in the order they are sent; a
 * burst queued for one client leaves in as few writes as the network allows. Inbound frames come to
 * the actor one window at a time: the connection reads on once the actor says a frame is handled.
 */
public interface Connection {

  /** Queues a frame for the client. Never blocks; a client that stops reading is dropped. */
  void send(Frame frame);

  /** The actor has handled an inbound frame; the connection may read more. */
  void handled();

  /** Sends what is queued, then a close frame with {@code code} and {@code reason}, then closes. */
  void close(CloseCode code, String reason);
}
