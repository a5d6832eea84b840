package dev.kanal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A connection to Kanal from any JVM app: it owns the socket (connect, heartbeats, reconnect with
 * backoff), a registry of the app's channels that routes each message to its handlers, and keeps
 * those channels across reconnects, joining them again by themselves.
 *
 * <pre>{@code
 * KanalClient client = KanalClient.builder(URI.create("ws://127.0.0.1:4000/socket"))
 *     .accessToken(() -> tokens.current()).build();
 * client.connect();
 * Channel room = client.channel("room:lobby", ChannelOptions.broadcast(false, true));
 * room.on("broadcast", "shout", payload -> System.out.println(payload));
 * room.join().await(Duration.ofSeconds(5));
 * room.broadcastWithAck("shout", json).await(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Thread-safe. Everything runs on one thread of the client's own, handlers included, so a
 * handler must not block; the {@link Answer#await} helpers are for the app's threads.
 */
public final class KanalClient implements AutoCloseable {
  /** Pushes that may wait for a connection (or a join) at once; past it a push fails at once. */
  public static final int SEND_BUFFER = 100;

  /** Where the socket is. */
  public enum State { CONNECTING, OPEN, RECONNECTING, CLOSED }

  private final Settings settings;
  private final ScheduledExecutorService loop;
  private volatile Thread loopThread;
  private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
  // Everything below is touched on the loop only.
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, Answer<JsonNode>> pending = new LinkedHashMap<>();
  private State state = State.CLOSED;
  private Transport.Socket socket;
  private long generation;
  private long refs;
  private int attempts;
  private int buffered;
  private String heartbeatRef;
  private ScheduledFuture<?> heartbeat;
  private Answer<Void> connected = new Answer<>();
  private Supplier<String> token;

  private KanalClient(Settings settings) {
    this.settings = settings;
    this.token = settings.accessToken();
    this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "kanal-client");
      thread.setDaemon(true);
      loopThread = thread;
      return thread;
    });
  }

  /** A client of Kanal's Phoenix socket at {@code uri}, e.g. {@code ws://host:4000/socket}. */
  public static Builder builder(URI uri) {
    return new Builder(uri, Wire.PHOENIX);
  }

  /**
   * A client of Kanal's Supabase Realtime endpoint at {@code uri} (e.g. {@code ws://host:4000/realtime/v1})
   * with {@code apikey}: topics are prefixed with {@code realtime:} where they lack it.
   */
  public static KanalClient supabase(URI uri, String apikey) {
    return new Builder(uri, Wire.SUPABASE).accessToken(() -> apikey).build();
  }

  /** Opens the socket; the answer completes when it is first open, and it stays open (reconnecting) until closed. */
  public Answer<Void> connect() {
    Answer<Void> answer = new Answer<>();
    run(() -> {
      if (state == State.CLOSED) {
        connected = answer;
        setState(State.CONNECTING);
        open();
      } else if (state == State.OPEN) {
        answer.complete(null);
      } else {
        connected.whenComplete((done, failure) -> settle(answer, failure));
      }
    });
    return answer;
  }

  /** The channel for {@code topic}, created on first use; join it to receive. */
  public Channel channel(String topic, ChannelOptions options) {
    return call(() -> channels.computeIfAbsent(
        settings.wire().topic(topic), name -> new Channel(this, name, options, Channel.JoinHooks.NONE)));
  }

  /**
   * Follows collection {@code name} through {@code filter} (the same options as a {@code collection:}
   * join: {@code field=value}, {@code field=op.value}, a Directus {@code filter}): {@code events} gets
   * its records, then every change once and in order, across reconnects.
   */
  public Channel collection(String name, Map<String, ?> filter, Consumer<CollectionEvent> events) {
    String topic = "collection:" + name;
    return call(() -> channels.computeIfAbsent(
        topic, t -> new Channel(this, t, ChannelOptions.DEFAULT, new CollectionFollower(filter, events))));
  }

  /**
   * Replaces the token: used on every reconnect, and pushed on every joined channel now; the answer
   * completes once each accepted it, or fails with {@link KanalException.Unauthorized}.
   */
  public Answer<Void> setAuth(String newToken) {
    Answer<Void> answer = new Answer<>();
    run(() -> {
      token = () -> newToken;
      CompletableFuture<?>[] pushed = channels.values().stream()
          .map(channel -> channel.pushToken(newToken))
          .filter(push -> push != null)
          .toArray(CompletableFuture[]::new);
      CompletableFuture.allOf(pushed).whenComplete((done, failure) -> settle(answer, failure));
    });
    return answer;
  }

  public KanalClient onState(Consumer<State> listener) {
    stateListeners.add(listener);
    return this;
  }

  /** Closes the socket for good; pending answers fail with {@link KanalException.Closed}. */
  @Override
  public void close() {
    call(() -> {
      setState(State.CLOSED);
      dropSocket(new KanalException.Closed("the client was closed"));
      connected.completeExceptionally(new KanalException.Closed("the client was closed"));
      return null;
    });
    loop.shutdown();
  }

  // ---- the connection ----

  private void open() {
    long opening = ++generation;
    String current = token.get();
    URI uri = settings.wire().uri(settings.uri(), current, settings.params());
    settings.transport().open(uri, new Transport.Events() {
      @Override
      public void text(String text) {
        run(() -> {
          if (opening == generation) {
            receive(text);
          }
        });
      }

      @Override
      public void closed(int code, String reason) {
        run(() -> {
          if (opening == generation) {
            lost();
          }
        });
      }
    }).whenComplete((opened, failure) -> run(() -> {
      if (opening != generation || state == State.CLOSED) {
        if (opened != null) {
          opened.close();
        }
      } else if (failure != null) {
        refused(failure);
      } else {
        opened(opened);
      }
    }));
  }

  private void opened(Transport.Socket opened) {
    socket = opened;
    attempts = 0;
    heartbeatRef = null;
    setState(State.OPEN);
    long every = settings.heartbeat().toMillis();
    heartbeat = loop.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    connected.complete(null);
    new ArrayList<>(channels.values()).forEach(Channel::reopened);
  }

  private void refused(Throwable failure) {
    Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
    if (cause instanceof WebSocketHandshakeException handshake && handshake.getResponse().statusCode() == 403) {
      connected.completeExceptionally(new KanalException.Unauthorized("the server refused the token (403)"));
    }
    retry();
  }

  /** The socket ended without the app asking: answers in flight fail, and channels wait to rejoin. */
  private void lost() {
    dropSocket(new KanalException.Closed("the connection was lost"));
    channels.values().forEach(Channel::disconnected);
    retry();
  }

  private void retry() {
    if (state == State.CLOSED) {
      return;
    }
    setState(State.RECONNECTING);
    Duration wait = settings.backoff().apply(++attempts);
    loop.schedule(() -> {
      if (state == State.RECONNECTING) {
        open();
      }
    }, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void dropSocket(KanalException why) {
    generation++;
    if (heartbeat != null) {
      heartbeat.cancel(false);
      heartbeat = null;
    }
    if (socket != null) {
      socket.close();
      socket = null;
    }
    List<Answer<JsonNode>> waiting = new ArrayList<>(pending.values());
    pending.clear();
    waiting.forEach(answer -> answer.completeExceptionally(why));
  }

  /** A heartbeat still unanswered at the next one means the connection is gone, as phoenix.js decides. */
  private void beat() {
    if (state != State.OPEN) {
      return;
    }
    if (heartbeatRef != null) {
      lost();
      return;
    }
    heartbeatRef = nextRef();
    send(new Message(null, heartbeatRef, "phoenix", "heartbeat", Payload.EMPTY));
  }

  private void receive(String text) {
    Message message = settings.wire().decode(text).map(settings.wire()::unwrap).orElse(null);
    if (message == null) {
      return;
    }
    if (message.event().equals("phx_reply")) {
      replied(message);
      return;
    }
    Channel channel = channels.get(message.topic());
    if (channel != null) {
      channel.receive(message);
    }
  }

  private void replied(Message reply) {
    if (reply.ref() != null && reply.ref().equals(heartbeatRef)) {
      heartbeatRef = null;
      return;
    }
    Answer<JsonNode> answer = reply.ref() == null ? null : pending.remove(reply.ref());
    if (answer == null) {
      return;
    }
    JsonNode body = reply.payload() instanceof Payload.Json json ? json.value() : JsonNodeFactory.instance.objectNode();
    if (body.path("status").asText().equals("ok")) {
      answer.complete(body.path("response"));
    } else {
      answer.completeExceptionally(KanalException.fromReason(body.path("response").path("reason").asText("refused")));
    }
  }

  // ---- for channels, on the loop ----

  Wire wire() {
    return settings.wire();
  }

  boolean isOpen() {
    return state == State.OPEN;
  }

  String nextRef() {
    return Long.toString(++refs);
  }

  void send(Message message) {
    if (socket != null) {
      socket.send(settings.wire().encode(message));
    }
  }

  /** Sends {@code message} and answers with its reply, failing after the client's timeout. */
  Answer<JsonNode> request(Channel channel, Message message) {
    Answer<JsonNode> answer = new Answer<>();
    if (!isOpen()) {
      answer.completeExceptionally(new KanalException.Closed("not connected"));
      return answer;
    }
    String ref = message.ref();
    pending.put(ref, answer);
    send(message);
    loop.schedule(() -> {
      if (pending.remove(ref) != null) {
        answer.completeExceptionally(new KanalException.Timeout(message.event() + " on " + channel.topic()));
      }
    }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    return answer;
  }

  Answer<JsonNode> request(Channel channel, String joinRef, String event, JsonNode payload) {
    return request(channel, new Message(joinRef, nextRef(), channel.topic(), event, Payload.json(payload)));
  }

  boolean reserveBuffer() {
    if (buffered >= SEND_BUFFER) {
      return false;
    }
    buffered++;
    return true;
  }

  void releaseBuffer() {
    buffered--;
  }

  void run(Runnable action) {
    if (!loop.isShutdown()) {
      loop.execute(action);
    }
  }

  /** Runs {@code action} on the loop and waits for it, unless already there. */
  <T> T call(Supplier<T> action) {
    if (Thread.currentThread() == loopThread) {
      return action.get();
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    run(() -> result.complete(action.get()));
    return result.join();
  }

  private void setState(State next) {
    if (state != next) {
      state = next;
      stateListeners.forEach(listener -> listener.accept(next));
    }
  }

  private static void settle(Answer<Void> answer, Throwable failure) {
    if (failure == null) {
      answer.complete(null);
    } else {
      answer.completeExceptionally(failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
    }
  }

  /** How a client is made. */
  record Settings(
      URI uri,
      Wire wire,
      Supplier<String> accessToken,
      Map<String, String> params,
      Duration heartbeat,
      Duration timeout,
      IntFunction<Duration> backoff,
      Transport transport) {}

  /** Builds a client; every setting has a default but the URI. */
  public static final class Builder {
    private final URI uri;
    private final Wire wire;
    private Supplier<String> accessToken = () -> null;
    private final Map<String, String> params = new LinkedHashMap<>();
    private Duration heartbeat = Duration.ofSeconds(30);
    private Duration timeout = Duration.ofSeconds(10);
    private IntFunction<Duration> backoff = Builder::phoenixBackoff;
    private Transport transport = new JdkTransport();

    private Builder(URI uri, Wire wire) {
      this.uri = uri;
      this.wire = wire;
    }

    /** Asked again before every connect, so a refreshed token is used after a reconnect. */
    public Builder accessToken(Supplier<String> accessToken) {
      this.accessToken = accessToken;
      return this;
    }

    public Builder params(Map<String, String> more) {
      params.putAll(more);
      return this;
    }

    public Builder heartbeat(Duration every) {
      this.heartbeat = every;
      return this;
    }

    /** How long a join or push waits for its reply. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The wait before reconnect attempt {@code n} (from 1). */
    public Builder reconnectBackoff(IntFunction<Duration> backoff) {
      this.backoff = backoff;
      return this;
    }

    public Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    public KanalClient build() {
      return new KanalClient(
          new Settings(uri, wire, accessToken, Map.copyOf(params), heartbeat, timeout, backoff, transport));
    }

    /** phoenix.js's steps: 10, 50, 100, 150, 200, 250, 500, 1000 ms, then 2 s. */
    private static Duration phoenixBackoff(int attempt) {
      long[] steps = {10, 50, 100, 150, 200, 250, 500, 1000};
      return Duration.ofMillis(attempt <= steps.length ? steps[attempt - 1] : 2000);
    }
  }
}
