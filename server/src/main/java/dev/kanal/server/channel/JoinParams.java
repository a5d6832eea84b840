package dev.kanal.server.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Payload;
import java.util.List;
import java.util.Optional;

/**
 * A join payload as its dialect read it: the payload itself, for kinds with options of their own,
 * and what the session and the built-in kinds need from it, typed.
 *
 * @param payload the join payload as the client sent it
 * @param broadcast whether the joiner hears its own broadcasts and gets them acknowledged
 * @param presence the presence key and meta the joiner asked for, if any
 * @param changeBindings Supabase's {@code postgres_changes} bindings, in the order asked
 * @param privateChannel Supabase's {@code private}: the channel's rule is checked with the token
 * @param accessToken a token that comes with the join and replaces the socket's own
 */
public record JoinParams(
    Payload payload,
    BroadcastOptions broadcast,
    PresenceOptions presence,
    List<ObjectNode> changeBindings,
    boolean privateChannel,
    Optional<String> accessToken) {

  /** A join that asks for nothing but what {@code payload} says to its kind. */
  public static JoinParams plain(Payload payload) {
    return new JoinParams(payload, BroadcastOptions.NONE, PresenceOptions.NONE, List.of(), false, Optional.empty());
  }

  /** The presence key a joiner asks for, and the meta it tracks at join (Phoenix style), if any. */
  public record PresenceOptions(Optional<String> key, Optional<ObjectNode> meta) {
    public static final PresenceOptions NONE = new PresenceOptions(Optional.empty(), Optional.empty());
  }
}
