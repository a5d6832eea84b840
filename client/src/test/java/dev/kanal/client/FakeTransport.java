package dev.kanal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A server end in memory: the test reads what the client sent and answers as Kanal would. */
final class FakeTransport implements Transport {
  static final ObjectMapper JSON = new ObjectMapper();

  final List<URI> opened = new CopyOnWriteArrayList<>();
  private final BlockingQueue<JsonNode> sent = new LinkedBlockingQueue<>();
  private volatile Events events;
  private volatile boolean refuse;

  @Override
  public CompletionStage<Socket> open(URI uri, Events events) {
    opened.add(uri);
    if (refuse) {
      return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
    }
    this.events = events;
    return CompletableFuture.completedFuture(new Socket() {
      @Override
      public void send(String text) {
        try {
          sent.add(JSON.readTree(text));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void close() {}
    });
  }

  /** The next frame the client sent, as {@code [join_ref, ref, topic, event, payload]}. */
  JsonNode next() throws InterruptedException {
    JsonNode frame = sent.poll(5, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("the client sent nothing within 5 s");
    }
    return frame;
  }

  /** The next frame whose event is {@code event}, skipping heartbeats. */
  JsonNode next(String event) throws InterruptedException {
    JsonNode frame;
    do {
      frame = next();
    } while (frame.get(3).asText().equals("heartbeat") && !event.equals("heartbeat"));
    if (!frame.get(3).asText().equals(event)) {
      throw new AssertionError("expected " + event + ", got " + frame);
    }
    return frame;
  }

  boolean quietFor(Duration wait) throws InterruptedException {
    return sent.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
  }

  void serve(String frame) {
    events.text(frame);
  }

  /** Answers {@code request} with {@code status} and {@code response}. */
  void reply(JsonNode request, String status, String response) {
    serve("[" + text(request.get(0)) + "," + text(request.get(1)) + "," + text(request.get(2)) + ",\"phx_reply\",{\"status\":\""
        + status + "\",\"response\":" + response + "}]");
  }

  void drop() {
    events.closed(1006, "gone");
  }

  void refuseConnections(boolean refuse) {
    this.refuse = refuse;
  }

  private static String text(JsonNode node) {
    return node.isNull() ? "null" : node.toString();
  }
}
