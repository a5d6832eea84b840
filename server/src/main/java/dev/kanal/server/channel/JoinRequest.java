package dev.kanal.server.channel;

import dev.kanal.protocol.Payload;
import dev.kanal.server.auth.Principal;

/** A client's join: the topic, its join parameters and who asks. */
public record JoinRequest(String topic, JoinParams params, Principal principal) {

  /** The join payload as the client sent it. */
  public Payload payload() {
    return params.payload();
  }
}
