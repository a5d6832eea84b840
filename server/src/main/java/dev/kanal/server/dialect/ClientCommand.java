package dev.kanal.server.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Payload;
import dev.kanal.server.channel.JoinParams;

/**
 * What a client asks of its session, whatever wire it speaks. A dialect decodes each frame into one
 * of these; the session acts on them and never sees a frame.
 */
public sealed interface ClientCommand {

  /** Hands this command to the {@code handler} method for its kind. */
  void dispatchTo(Handler handler);

  /**
   * One method per kind of command. Java 17 has no pattern {@code switch}; a new command is a new
   * method here, so every handler fails to compile until it handles it.
   */
  interface Handler {
    void heartbeat(Heartbeat heartbeat);

    void join(Join join);

    void leave(Leave leave);

    void push(Push push);

    void presence(Presence presence);

    void accessToken(AccessToken accessToken);

    void invalid(Invalid invalid);
  }

  /** Keeps the socket alive; answered with an ok reply. */
  record Heartbeat(ClientRef from) implements ClientCommand {
    @Override
    public void dispatchTo(Handler handler) {
      handler.heartbeat(this);
    }
  }

  /** Opens (or reopens) the subscription {@code from.subscription()} on {@code from.topic()}. */
  record Join(ClientRef from, JoinParams params) implements ClientCommand {
    @Override
    public void dispatchTo(Handler handler) {
      handler.join(this);
    }
  }

  record Leave(ClientRef from) implements ClientCommand {
    @Override
    public void dispatchTo(Handler handler) {
      handler.leave(this);
    }
  }

  /** An application event on a joined subscription, for its channel kind to handle. */
  record Push(ClientRef from, String event, Payload payload) implements ClientCommand {
    @Override
    public void dispatchTo(Handler handler) {
      handler.push(this);
    }
  }

  /**
   * A presence push ({@code track}/{@code untrack}). On a subscription without presence it is an
   * ordinary {@code push}.
   */
  record Presence(Push push, PresenceRequest request) implements ClientCommand {
    @Override
    public void dispatchTo(Handler handler) {
      handler.presence(this);
    }
  }

  /** Replaces the socket's token (Supabase's {@code access_token} push, a Directus {@code auth}). */
  record AccessToken(Push push, String token) implements ClientCommand {
    @Override
    public void dispatchTo(Handler handler) {
      handler.accessToken(this);
    }
  }

  /** A frame that is no command; {@code reason} is fit to show the client. */
  record Invalid(ClientRef from, String reason) implements ClientCommand {
    @Override
    public void dispatchTo(Handler handler) {
      handler.invalid(this);
    }
  }

  /** What a presence push asks for. */
  sealed interface PresenceRequest {
    record Track(ObjectNode meta) implements PresenceRequest {}

    record Untrack() implements PresenceRequest {}

    record Refused(String reason) implements PresenceRequest {}
  }
}
