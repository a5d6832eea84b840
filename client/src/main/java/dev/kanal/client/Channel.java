package dev.kanal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One topic the app follows. It joins when asked and again by itself after every reconnect (with
 * its presence tracked again), until the app leaves it or the server closes it. Pushes made while it
 * is not joined wait in the client's send buffer and go out in order once it is. Thread-safe; every
 * handler runs on the client's own thread, so handlers must not block.
 */
public final class Channel {
  static final String PHX_CLOSE = "phx_close";
  static final String PHX_ERROR = "phx_error";
  static final String PRESENCE_STATE = "presence_state";
  static final String PRESENCE_DIFF = "presence_diff";

  enum Status { CLOSED, JOINING, JOINED, LEAVING }

  private final KanalClient client;
  private final String topic;
  private final ChannelOptions options;
  private final JoinHooks hooks;
  private final Map<String, List<Consumer<JsonNode>>> handlers = new ConcurrentHashMap<>();
  private final List<Consumer<PresenceEvent>> presenceListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<KanalException>> closeListeners = new CopyOnWriteArrayList<>();
  // Everything below is touched on the client's thread only.
  private final PresenceList presence = new PresenceList();
  private final List<Queued> outbox = new ArrayList<>();
  private Status status = Status.CLOSED;
  private boolean wanted;
  private String joinRef;
  private Answer<JsonNode> joined;
  private ObjectNode trackedMeta;

  /** What a kind of channel adds to a join: its payload, and what it makes of the reply. */
  interface JoinHooks {
    JoinHooks NONE = new JoinHooks() {};

    default ObjectNode payload(ObjectNode base) {
      return base;
    }

    default void joined(JsonNode response) {}

    default boolean handles(Message message) {
      return false;
    }
  }

  Channel(KanalClient client, String topic, ChannelOptions options, JoinHooks hooks) {
    this.client = client;
    this.topic = topic;
    this.options = options;
    this.hooks = hooks;
  }

  public String topic() {
    return topic;
  }

  /** Joins; the answer is the join reply's response, or why the server refused. */
  public Answer<JsonNode> join() {
    Answer<JsonNode> answer = new Answer<>();
    client.run(() -> {
      wanted = true;
      joined = answer;
      if (status == Status.CLOSED) {
        sendJoin();
      } else if (status == Status.JOINED) {
        answer.complete(JsonNodeFactory.instance.objectNode());
      }
    });
    return answer;
  }

  /** Leaves; the channel does not rejoin after that. */
  public Answer<Void> leave() {
    Answer<Void> answer = new Answer<>();
    client.run(() -> {
      wanted = false;
      failOutbox(new KanalException.Closed("the channel was left"));
      if (status == Status.CLOSED || !client.isOpen()) {
        status = Status.CLOSED;
        answer.complete(null);
        return;
      }
      status = Status.LEAVING;
      client.request(this, joinRef, "phx_leave", JsonNodeFactory.instance.objectNode())
          .whenComplete((response, failure) -> answer.complete(null));
    });
    return answer;
  }

  /**
   * Calls {@code handler} with the payload of each {@code event} the channel receives
   * ({@code "*"}: every event but the protocol's own). {@code type} is {@code "broadcast"}, the
   * only kind of event a Kanal topic relays.
   */
  public Channel on(String type, String event, Consumer<JsonNode> handler) {
    if (!type.equals(Wire.BROADCAST)) {
      throw new IllegalArgumentException("unknown event type " + type + "; use broadcast, onPresence or a collection");
    }
    handlers.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(handler);
    return this;
  }

  public Channel onPresence(Consumer<PresenceEvent> listener) {
    presenceListeners.add(listener);
    return this;
  }

  /** Hears why the server closed the channel (a token that ran out, a refused rejoin). */
  public Channel onClose(Consumer<KanalException> listener) {
    closeListeners.add(listener);
    return this;
  }

  /** Sends {@code event} to the topic's other subscribers; the answer completes once it is sent. */
  public Answer<Void> broadcast(String event, JsonNode payload) {
    Answer<Void> answer = new Answer<>();
    client.run(() -> whenJoined(answer, () -> {
      client.send(client.wire().broadcast(joinRef, client.nextRef(), topic, event, payload));
      answer.complete(null);
    }));
    return answer;
  }

  /** Sends {@code event} and completes once the topic accepted it; the channel must be joined with ack. */
  public Answer<Void> broadcastWithAck(String event, JsonNode payload) {
    Answer<Void> answer = new Answer<>();
    if (!options.ack()) {
      answer.completeExceptionally(new KanalException.Refused("the channel was joined without broadcast ack"));
      return answer;
    }
    client.run(() -> whenJoined(answer, () -> client
        .request(this, client.wire().broadcast(joinRef, client.nextRef(), topic, event, payload))
        .whenComplete((response, failure) -> settle(answer, failure))));
    return answer;
  }

  /** Tracks {@code meta} under the channel's presence key; tracking again updates it. */
  public Answer<Void> track(ObjectNode meta) {
    Answer<Void> answer = new Answer<>();
    client.run(() -> {
      trackedMeta = meta.deepCopy();
      whenJoined(answer, () -> sendTrack(answer));
    });
    return answer;
  }

  public Answer<Void> untrack() {
    Answer<Void> answer = new Answer<>();
    client.run(() -> {
      trackedMeta = null;
      ObjectNode untrack = JsonNodeFactory.instance.objectNode().put("type", "presence").put("event", "untrack");
      whenJoined(answer, () -> client.request(this, joinRef, "presence", untrack)
          .whenComplete((response, failure) -> settle(answer, failure)));
    });
    return answer;
  }

  /** Who is here now, by presence key; read it from a presence handler for a consistent view. */
  public Map<String, List<ObjectNode>> presence() {
    return client.call(presence::snapshot);
  }

  private void sendTrack(Answer<Void> answer) {
    ObjectNode track = JsonNodeFactory.instance.objectNode().put("type", "presence").put("event", "track");
    track.set("payload", trackedMeta == null ? JsonNodeFactory.instance.objectNode() : trackedMeta);
    client.request(this, joinRef, "presence", track).whenComplete((response, failure) -> settle(answer, failure));
  }

  /** Runs {@code send} now if joined, else once the channel is, counted in the client's send buffer. */
  private void whenJoined(Answer<?> answer, Runnable send) {
    if (status == Status.JOINED && client.isOpen()) {
      send.run();
      return;
    }
    if (!wanted) {
      answer.completeExceptionally(new KanalException.Closed("the channel is not joined"));
      return;
    }
    if (!client.reserveBuffer()) {
      answer.completeExceptionally(new KanalException.BufferFull(KanalClient.SEND_BUFFER));
      return;
    }
    outbox.add(new Queued(answer, send));
  }

  /** A push waiting for the channel to be joined. */
  private record Queued(Answer<?> answer, Runnable send) {}

  private static void settle(Answer<Void> answer, Throwable failure) {
    if (failure == null) {
      answer.complete(null);
    } else {
      answer.completeExceptionally(failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
    }
  }

  // ---- called by the client, on its thread ----

  void sendJoin() {
    status = Status.JOINING;
    presence.reset();
    joinRef = client.nextRef();
    ObjectNode payload = hooks.payload(options.joinPayload());
    client.request(this, new Message(joinRef, joinRef, topic, "phx_join", Payload.json(payload)))
        .whenComplete((response, failure) -> client.run(() -> onJoinAnswered(response, failure)));
  }

  private void onJoinAnswered(JsonNode response, Throwable failure) {
    if (status != Status.JOINING) {
      return;
    }
    if (failure != null) {
      KanalException why = failure instanceof KanalException known ? known : new KanalException.Refused(String.valueOf(failure));
      if (why instanceof KanalException.Closed) {
        return; // the socket went; the channel rejoins when it is back
      }
      status = Status.CLOSED;
      wanted = false;
      KanalException refusal = why instanceof KanalException.Refused refused
          ? new KanalException.JoinRefused(refused.getMessage())
          : why;
      failOutbox(refusal);
      if (joined != null) {
        joined.completeExceptionally(refusal);
      }
      closeListeners.forEach(listener -> listener.accept(refusal));
      return;
    }
    status = Status.JOINED;
    hooks.joined(response);
    if (joined != null) {
      joined.complete(response);
    }
    if (trackedMeta != null) {
      sendTrack(new Answer<>());
    }
    List<Queued> waiting = new ArrayList<>(outbox);
    outbox.clear();
    for (Queued queued : waiting) {
      client.releaseBuffer();
      if (!queued.answer().isDone()) {
        queued.send().run();
      }
    }
  }

  /** Replaces the socket's token through this channel if it is joined; the server's answer, or null. */
  Answer<JsonNode> pushToken(String token) {
    if (status != Status.JOINED || !client.isOpen()) {
      return null;
    }
    return client.request(this, joinRef, "access_token", JsonNodeFactory.instance.objectNode().put("access_token", token));
  }

  /** The socket opened again: a channel the app still wants joins anew. */
  void reopened() {
    if (wanted) {
      sendJoin();
    }
  }

  /** The socket went: the channel waits to rejoin. */
  void disconnected() {
    if (status != Status.CLOSED) {
      status = wanted ? Status.JOINING : Status.CLOSED;
    }
  }

  void receive(Message message) {
    if (message.joinRef() != null && joinRef != null && !message.joinRef().equals(joinRef)) {
      return; // from an earlier join of this topic
    }
    JsonNode payload = message.payload() instanceof Payload.Json json ? json.value() : JsonNodeFactory.instance.nullNode();
    switch (message.event()) {
      case PHX_CLOSE -> closedByServer(new KanalException.Refused("the server closed the channel"));
      case PHX_ERROR -> {
        if (wanted) {
          sendJoin();
        }
      }
      case PRESENCE_STATE -> presence.applyState(payload, this::tellPresence);
      case PRESENCE_DIFF -> presence.applyDiff(payload, this::tellPresence);
      default -> {
        if (!hooks.handles(message)) {
          dispatch(message.event(), payload);
        }
      }
    }
  }

  void dispatch(String event, JsonNode payload) {
    handlers.getOrDefault(event, List.of()).forEach(handler -> handler.accept(payload));
    handlers.getOrDefault("*", List.of()).forEach(handler -> handler.accept(payload));
  }

  private void tellPresence(PresenceEvent event) {
    presenceListeners.forEach(listener -> listener.accept(event));
  }

  private void closedByServer(KanalException why) {
    if (status == Status.LEAVING || status == Status.CLOSED) {
      status = Status.CLOSED;
      return;
    }
    status = Status.CLOSED;
    wanted = false;
    failOutbox(why);
    closeListeners.forEach(listener -> listener.accept(why));
  }

  private void failOutbox(KanalException why) {
    for (Queued queued : outbox) {
      client.releaseBuffer();
      queued.answer().completeExceptionally(why);
    }
    outbox.clear();
  }
}
