package dev.kanal.protocol;

/** The reserved topic and event names of the Phoenix protocol, in one place. */
public final class Events {
  public static final String PHOENIX_TOPIC = "phoenix";
  public static final String HEARTBEAT = "heartbeat";
  public static final String JOIN = "phx_join";
  public static final String LEAVE = "phx_leave";
  public static final String REPLY = "phx_reply";
  public static final String CLOSE = "phx_close";
  public static final String ERROR = "phx_error";
  /** What Phoenix.Presence pushes: a joiner's full state, and every change after it. */
  public static final String PRESENCE_STATE = "presence_state";
  public static final String PRESENCE_DIFF = "presence_diff";

  private static final String RESERVED_PREFIX = "phx_";

  private Events() {}

  /**
   * Events starting with {@code phx_}, and the presence events, belong to the protocol, never to an
   * application: a client that could send {@code presence_diff} could show others a fake presence.
   */
  public static boolean isReserved(String event) {
    return event.startsWith(RESERVED_PREFIX) || event.equals(PRESENCE_STATE) || event.equals(PRESENCE_DIFF);
  }
}
