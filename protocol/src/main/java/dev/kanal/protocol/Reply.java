package dev.kanal.protocol;

import java.util.Objects;

/**
 * The answer to a client message, sent as event {@code phx_reply} with payload
 * {@code {"status": …, "response": …}}.
 */
public record Reply(String joinRef, String ref, String topic, Status status, Payload response) {

  /** The reply status as it appears on the wire. */
  public enum Status {
    OK("ok"),
    ERROR("error");

    private final String wire;

    Status(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  public Reply {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(response, "response");
  }

  public static Reply ok(String joinRef, String ref, String topic, Payload response) {
    return new Reply(joinRef, ref, topic, Status.OK, response);
  }

  public static Reply error(String joinRef, String ref, String topic, Payload response) {
    return new Reply(joinRef, ref, topic, Status.ERROR, response);
  }
}
