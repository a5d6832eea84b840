package dev.kanal.client;

import java.net.URI;
import java.util.concurrent.CompletionStage;

/**
 * How a client reaches the server: opens a socket and reports what arrives. The default is the
 * JDK's {@code java.net.http} WebSocket; tests plug in their own.
 */
public interface Transport {

  /** Opens a socket to {@code uri}; {@code events} hears its text frames and its end. */
  CompletionStage<Socket> open(URI uri, Events events);

  /** An open socket. */
  interface Socket {
    void send(String text);

    void close();
  }

  /** What an open socket reports; called from the transport's threads. */
  interface Events {
    void text(String text);

    /** The socket ended, whoever ended it; {@code reason} may be empty. */
    void closed(int code, String reason);
  }
}
