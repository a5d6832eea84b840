package dev.kanal.server.session;

/** The WebSocket close codes (RFC 6455, section 7.4.1) a server-closed socket ends with. */
public enum CloseCode {
  NORMAL(1000),
  /** The node is shutting down; the client should reconnect, through the load balancer, elsewhere. */
  GOING_AWAY(1001),
  /** The client broke a limit: it flooded past its rate limit or stopped reading its frames. */
  POLICY_VIOLATION(1008),
  MESSAGE_TOO_BIG(1009);

  private final int code;

  CloseCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
