package dev.kanal.bench.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;

/**
 * What differs between the servers the load generator measures: where a socket connects, how it
 * joins and stays alive, and how a backend publishes. Everything else (sockets, pacing, timing,
 * counting) is shared, so both servers are measured by the same code.
 */
public interface Dialect {

  /** The WebSocket address for a server whose HTTP base is {@code base}. */
  URI socketUri(URI base);

  /** The frame that joins {@code topic}; its answer carries {@code ref}. */
  String join(String ref, String topic, String payloadJson);

  /** Whether {@code text} answers the join sent with {@code ref}, and how. */
  JoinAnswer answer(String text, String ref);

  /** The frame that keeps a socket alive, if the server closes silent sockets. */
  Optional<String> heartbeat(String ref);

  /** The requests that publish one message to every subscriber of {@code topic} on these servers. */
  List<HttpRequest> publish(List<URI> bases, String topic, String payloadJson);

  /** Where the server serves Prometheus metrics, if it does. */
  Optional<URI> metrics(URI base);
}
