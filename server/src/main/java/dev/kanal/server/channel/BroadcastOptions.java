package dev.kanal.server.channel;

/**
 * Supabase's {@code {"config":{"broadcast":{"self":b,"ack":b}}}}: whether the sender hears its own
 * broadcasts and whether it is told when they were accepted.
 */
public record BroadcastOptions(boolean self, boolean ack) {
  public static final BroadcastOptions NONE = new BroadcastOptions(false, false);
}
