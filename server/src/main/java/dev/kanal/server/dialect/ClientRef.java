package dev.kanal.server.dialect;

/**
 * Where a client command came from and where its answer goes: the subscription it names (Phoenix:
 * the topic), the topic, the {@code join_ref} of the join that opened it and the command's own
 * {@code ref}. Refs may be null; the session never reads them, it only hands them back.
 */
public record ClientRef(String subscription, String topic, String joinRef, String ref) {

  /** A command that names no subscription, such as a heartbeat or an unreadable frame. */
  public static ClientRef socket(String topic, String ref) {
    return new ClientRef(null, topic, null, ref);
  }

  /** The same address without its join_ref, as Phoenix answers a push to a topic it does not know. */
  public ClientRef withoutJoinRef() {
    return new ClientRef(subscription, topic, null, ref);
  }

  /** An answer to {@code ref} on this subscription, whose join opened it with {@code joinRef}. */
  public ClientRef answering(String answeredRef) {
    return new ClientRef(subscription, topic, joinRef, answeredRef);
  }
}
