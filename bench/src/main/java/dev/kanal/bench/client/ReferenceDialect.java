package dev.kanal.bench.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;

/**
 * The reference server's protocol: any path upgrades, every socket is subscribed, any text frame
 * is answered {@code ok} (so a "join" is timed like Kanal's), and {@code POST /publish} sends its
 * body to every socket. It has no topics and no heartbeat timeout.
 */
public final class ReferenceDialect implements Dialect {
  /** The reference server's answer to every client text frame. */
  public static final String ANSWER = "ok";

  @Override
  public URI socketUri(URI base) {
    return base.resolve("/");
  }

  @Override
  public String join(String ref, String topic, String payloadJson) {
    return "join";
  }

  @Override
  public JoinAnswer answer(String text, String ref) {
    return ANSWER.equals(text) ? JoinAnswer.ACCEPTED : JoinAnswer.UNRELATED;
  }

  @Override
  public Optional<String> heartbeat(String ref) {
    return Optional.empty();
  }

  /** Reference servers know nothing of each other, so a publish goes to each of them. */
  @Override
  public List<HttpRequest> publish(List<URI> bases, String topic, String payloadJson) {
    return bases.stream()
        .map(base -> HttpRequest.newBuilder(base.resolve("/publish"))
            .POST(HttpRequest.BodyPublishers.ofString(payloadJson))
            .build())
        .toList();
  }

  @Override
  public Optional<URI> metrics(URI base) {
    return Optional.empty();
  }
}
