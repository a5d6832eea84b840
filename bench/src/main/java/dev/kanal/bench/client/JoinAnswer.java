package dev.kanal.bench.client;

/** How a server answered a join, or that a frame is no answer to it. */
public sealed interface JoinAnswer permits JoinAnswer.Accepted, JoinAnswer.Refused, JoinAnswer.Unrelated {

  JoinAnswer ACCEPTED = new Accepted();
  JoinAnswer UNRELATED = new Unrelated();

  record Accepted() implements JoinAnswer {}

  record Refused(String reason) implements JoinAnswer {}

  /** Some other frame (a broadcast, a heartbeat reply) that arrived while the join was pending. */
  record Unrelated() implements JoinAnswer {}
}
