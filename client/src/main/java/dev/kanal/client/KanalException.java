package dev.kanal.client;

/** Why something a client asked for did not happen; each kind is its own type. */
public abstract sealed class KanalException extends RuntimeException {

  KanalException(String message) {
    super(message, null, false, false);
  }

  /** The server refused a join; {@link #getMessage()} is its reason. */
  public static final class JoinRefused extends KanalException {
    public JoinRefused(String reason) {
      super(reason);
    }
  }

  /** The token was refused: at connect, for a join, or when replacing it. */
  public static final class Unauthorized extends KanalException {
    public Unauthorized(String reason) {
      super(reason);
    }
  }

  /** The server refused a message because the socket went past a rate limit. */
  public static final class RateLimited extends KanalException {
    public RateLimited(String reason) {
      super(reason);
    }
  }

  /** The server refused a push, or closed the channel or socket, with this reason. */
  public static final class Refused extends KanalException {
    public Refused(String reason) {
      super(reason);
    }
  }

  /** No answer came in time. */
  public static final class Timeout extends KanalException {
    public Timeout(String what) {
      super(what);
    }
  }

  /** More messages waited for a connection than the send buffer holds. */
  public static final class BufferFull extends KanalException {
    public BufferFull(int limit) {
      super("the send buffer holds " + limit + " messages while disconnected; this one was not sent");
    }
  }

  /** The client or channel was closed before it could be sent or answered. */
  public static final class Closed extends KanalException {
    public Closed(String what) {
      super(what);
    }
  }

  /** The reason of an error reply, as the type that names it. */
  static KanalException fromReason(String reason) {
    if (reason.startsWith("too many") && reason.endsWith("per second")) {
      return new RateLimited(reason);
    }
    if (reason.equals("unauthorized") || reason.startsWith("invalid token")) {
      return new Unauthorized(reason);
    }
    return new Refused(reason);
  }
}
