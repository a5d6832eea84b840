package dev.kanal.server.socket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.presence.Metas;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Decoded;
import dev.kanal.protocol.Events;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;
import dev.kanal.persistence.collection.ChangeView;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.channel.ChangeFilter;
import dev.kanal.server.channel.ChannelRouter.Route;
import dev.kanal.server.channel.JoinOutcome;
import dev.kanal.server.channel.JoinRequest;
import dev.kanal.server.channel.PushOutcome;
import dev.kanal.server.channel.PushRequest;
import dev.kanal.server.channel.Replies;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One per Phoenix connection, like Phoenix's socket process: decodes frames, answers heartbeats,
 * closes the connection when the client falls silent, and owns the connection's channels (join,
 * leave, duplicate join, refs, the channel cap). Channel kinds decide what a join or push means.
 */
public final class SocketActor extends AbstractBehavior<Subscriber.Message> {
  /** How long a client waits for the topic to accept a push sent with {@code ack}. */
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
  /** What a channel may receive while its join is decided; a hotter topic fails the join. */
  static final int MAX_HELD = 10_000;

  public interface Command extends Subscriber.Message {}

  /** A frame from the client; {@link Connection#handled()} once handled lets more in. */
  public record Inbound(Frame frame) implements Command {}

  /** The client sent a frame over {@code max-frame-bytes}; the socket says why and closes. */
  public record TooLarge(String reason) implements Command {}

  /** The client closed the connection or it failed; the socket ends. */
  public record Disconnected(String reason) implements Command {}

  /** The node is shutting down: the socket closes so that its client reconnects to another node. */
  public enum NodeDraining implements Command {
    INSTANCE
  }

  private record JoinDecided(String topic, long joinId, JoinOutcome<Object> outcome, Throwable failure) implements Command {}

  private record PushAnswered(String topic, String joinRef, String ref, PushOutcome.Respond respond, Throwable failure)
      implements Command {}

  private record PushAcknowledged(String topic, String joinRef, String ref, boolean accepted) implements Command {}

  private enum IdleCheck implements Command {
    INSTANCE
  }

  /** The socket's token ran out (its {@code exp} plus the verifier's leeway). */
  private enum TokenExpired implements Command {
    INSTANCE
  }

  /** A socket the server closes waited long enough for its last frame to go out. */
  private enum CloseGraceOver implements Command {
    INSTANCE
  }

  /** How long a socket the server closes waits for its last frame to leave before it stops anyway. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  /** The event a client pushes on a joined channel to replace the socket's token, as Supabase clients do. */
  static final String ACCESS_TOKEN = "access_token";

  /** The event of the last frame a socket the server closes gets, with the reason. */
  static final String CLOSING_EVENT = "phx_error";

  private final SocketContext socket;
  /** Who the socket acts for: the connect token's claims, replaced by a pushed token, anonymous once expired. */
  private Principal principal;
  private final TimerScheduler<Subscriber.Message> timers;
  private final Map<String, Channel> channels = new HashMap<>();
  private final long idleTimeoutNanos;
  /** The presence key of an anonymous socket's channels. */
  private final String socketId = PresenceTracking.newRef();
  private long lastSeenNanos = System.nanoTime();
  private long nextJoinId;
  private final TokenBucket joins;
  private final TokenBucket events;
  /** Refusals since the last accepted message; a socket that keeps pushing past its limit is a flood. */
  private int refusedInARow;

  public static Behavior<Subscriber.Message> create(SocketContext socket) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new SocketActor(ctx, socket, timers)));
  }

  private SocketActor(
      ActorContext<Subscriber.Message> context, SocketContext socket, TimerScheduler<Subscriber.Message> timers) {
    super(context);
    this.socket = socket;
    this.timers = timers;
    this.idleTimeoutNanos = socket.limits().heartbeatTimeout().toNanos();
    this.joins = new TokenBucket(socket.limits().joinsPerSecond(), lastSeenNanos);
    this.events = new TokenBucket(socket.limits().eventsPerSecond(), lastSeenNanos);
    timers.startSingleTimer(IdleCheck.INSTANCE, socket.limits().heartbeatTimeout());
    this.principal = socket.principal();
    scheduleExpiry();
  }

  private void scheduleExpiry() {
    principal.expiresAt().ifPresent(exp -> {
      Duration left = Duration.between(Instant.now(), exp.plus(TokenVerifier.LEEWAY));
      timers.startSingleTimer(TokenExpired.INSTANCE, TokenExpired.INSTANCE, left.isNegative() ? Duration.ZERO : left);
    });
  }

  @Override
  public Receive<Subscriber.Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Inbound.class, this::onInbound)
        .onMessage(Disconnected.class, disconnected -> Behaviors.stopped())
        .onMessageEquals(NodeDraining.INSTANCE, this::onNodeDraining)
        .onMessage(TooLarge.class, tooLarge ->
            closeWithReason(KanalMetrics.Close.FRAME_TOO_LARGE, CloseCode.MESSAGE_TOO_BIG, tooLarge.reason()))
        .onMessage(JoinDecided.class, this::onJoinDecided)
        .onMessage(Subscriber.Admitted.class, this::onAdmitted)
        .onMessage(Subscriber.ChangeDelivery.class, this::onChange)
        .onMessage(PushAnswered.class, this::onPushAnswered)
        .onMessage(PushAcknowledged.class, this::onPushAcknowledged)
        .onMessageEquals(IdleCheck.INSTANCE, this::onIdleCheck)
        .onMessageEquals(TokenExpired.INSTANCE, this::onTokenExpired)
        .onSignal(PostStop.class, stop -> onStop())
        .build();
  }

  private Behavior<Subscriber.Message> onInbound(Inbound inbound) {
    lastSeenNanos = System.nanoTime();
    Decoded decoded = socket.serializer().decode(inbound.frame());
    if (decoded instanceof Decoded.Ok ok) {
      if (!withinLimits(ok.message())) {
        return flooded()
            ? closeWithReason(KanalMetrics.Close.FLOOD, CloseCode.POLICY_VIOLATION, "too many messages past the rate limit")
            : handled();
      }
      dispatch(ok.message());
    } else {
      String reason = ((Decoded.Invalid) decoded).reason();
      getContext().getLog().debug("Refusing a malformed frame: {}", reason);
      socket.metrics().refused(KanalMetrics.Refusal.MALFORMED_FRAME);
      reply(Reply.error(null, null, Events.PHOENIX_TOPIC, Replies.reason(reason)));
    }
    return handled();
  }

  private Behavior<Subscriber.Message> handled() {
    socket.connection().handled();
    return this;
  }

  /**
   * Joins and pushes spend the socket's tokens; heartbeats and leaves are free, so a limited client
   * can always stay connected and let go. A refused message gets an error reply with the reason.
   */
  private boolean withinLimits(Message message) {
    boolean heartbeat = message.topic().equals(Events.PHOENIX_TOPIC) && message.event().equals(Events.HEARTBEAT);
    if (heartbeat || message.event().equals(Events.LEAVE)) {
      return true;
    }
    boolean join = message.event().equals(Events.JOIN);
    if ((join ? joins : events).tryTake(lastSeenNanos)) {
      refusedInARow = 0;
      return true;
    }
    refusedInARow++;
    socket.metrics().refused(join ? KanalMetrics.Refusal.JOINS_PER_SECOND : KanalMetrics.Refusal.EVENTS_PER_SECOND);
    String reason = join ? "too many joins per second" : "too many events per second";
    reply(Reply.error(message.joinRef(), message.ref(), message.topic(), Replies.reason(reason)));
    return false;
  }

  /** Refusing more than a second's worth of events in a row means the client ignores the replies. */
  private boolean flooded() {
    if (refusedInARow <= socket.limits().eventsPerSecond()) {
      return false;
    }
    getContext().getLog().info("Closing a socket that kept sending past its rate limit");
    return true;
  }

  private void dispatch(Message message) {
    if (message.topic().equals(Events.PHOENIX_TOPIC) && message.event().equals(Events.HEARTBEAT)) {
      reply(Reply.ok(null, message.ref(), Events.PHOENIX_TOPIC, Payload.EMPTY));
    } else if (message.event().equals(Events.JOIN)) {
      join(message);
    } else if (message.event().equals(Events.LEAVE)) {
      leave(message);
    } else {
      push(message);
    }
  }

  private void join(Message message) {
    String topic = message.topic();
    Channel existing = drop(topic);
    if (existing != null) {
      socket.fanout().tell(new NodeFanout.Unsubscribe(topic, getContext().getSelf()));
      if (existing.joined()) {
        sendClose(topic, existing.joinRef());
      }
    }
    if (channels.size() >= socket.limits().maxChannelsPerSocket()) {
      socket.metrics().refused(KanalMetrics.Refusal.MAX_CHANNELS);
      reply(Reply.error(message.joinRef(), message.ref(), topic, Replies.reason("too many channels")));
      return;
    }
    Route route = socket.router().route(topic).orElse(null);
    if (route == null) {
      reply(Reply.error(null, message.ref(), topic, Replies.reason("unmatched topic")));
      return;
    }
    if (!route.rule().join().allows(principal, topic)) {
      reply(Reply.error(message.joinRef(), message.ref(), topic, Replies.reason("unauthorized")));
      return;
    }
    long joinId = nextJoinId++;
    String presenceKey =
        route.rule().presence() ? PresenceTracking.key(message.payload(), principal, socketId) : null;
    Channel channel =
        Channel.joining(joinId, message, route, presenceKey, new DeliveryGate(socket.connection(), MAX_HELD));
    channels.put(topic, channel);
    if (channel.subscribesFirst()) {
      subscribe(channel);
    } else {
      askKind(channel);
    }
  }

  private void askKind(Channel channel) {
    String topic = channel.join().topic();
    long joinId = channel.joinId();
    getContext()
        .pipeToSelf(
            channel.route().kind().join(new JoinRequest(topic, channel.join().payload(), principal)),
            (outcome, failure) -> new JoinDecided(topic, joinId, outcome, failure));
  }

  private void subscribe(Channel channel) {
    socket.fanout().tell(
        new NodeFanout.Subscribe(
            channel.join().topic(), getContext().getSelf(), socket.serializer(), channel.joinId(), channel.hasPresence(),
            channel.gate()));
  }

  private Behavior<Subscriber.Message> onJoinDecided(JoinDecided decided) {
    String topic = decided.topic();
    Channel channel = channels.get(topic);
    if (channel == null || channel.joinId() != decided.joinId()) {
      return this;
    }
    if (decided.outcome() instanceof JoinOutcome.Accepted<Object> accepted) {
      Channel joining = channel.accepted(accepted.response(), accepted.state(), accepted.position());
      channels.put(topic, joining);
      if (joining.joined()) {
        replyJoined(joining);
      } else {
        subscribe(joining);
      }
      if (joining.hasPresence() && channels.containsKey(topic)) {
        PresenceTracking.joinMeta(joining.join().payload()).ifPresent(meta -> track(channels.get(topic), meta));
      }
      return this;
    }
    drop(topic);
    if (channel.admitted()) {
      socket.fanout().tell(new NodeFanout.Unsubscribe(topic, getContext().getSelf()));
    }
    String reason;
    if (decided.outcome() instanceof JoinOutcome.Refused<Object> refused) {
      reason = refused.reason();
    } else {
      getContext().getLog().warn("Join of {} failed", topic, decided.failure());
      reason = "join failed";
    }
    reply(Reply.error(channel.joinRef(), channel.joinMessageRef(), topic, Replies.reason(reason)));
    return this;
  }

  private Behavior<Subscriber.Message> onAdmitted(Subscriber.Admitted admitted) {
    Channel channel = channels.get(admitted.topic());
    if (channel != null && channel.joinId() == admitted.joinId() && !channel.admitted()) {
      Channel now = channel.admit();
      channels.put(admitted.topic(), now);
      if (now.joined()) {
        replyJoined(now);
      } else {
        askKind(now);
      }
    }
    return this;
  }

  /** Sends the join's ok reply, then whatever arrived for the channel while it was being joined. */
  private void replyJoined(Channel channel) {
    Reply ok = Reply.ok(channel.joinRef(), channel.joinMessageRef(), channel.join().topic(), channel.joinResponse());
    if (!channel.gate().open(socket.serializer().encode(ok))) {
      refuseTooHot(channel);
      return;
    }
    channel.held().forEach(change -> sendChange(channel, change));
    channel.held().clear();
  }

  private void refuseTooHot(Channel channel) {
    String topic = channel.join().topic();
    getContext().getLog().info("Refusing the join of {}: too much traffic while it was being joined", topic);
    drop(topic);
    socket.fanout().tell(new NodeFanout.Unsubscribe(topic, getContext().getSelf()));
    reply(Reply.error(channel.joinRef(), channel.joinMessageRef(), topic, Replies.reason("join failed")));
  }

  /** Forgets a channel; its gate lets nothing more through. */
  private Channel drop(String topic) {
    Channel channel = channels.remove(topic);
    if (channel != null) {
      channel.gate().shut();
    }
    return channel;
  }

  private void leave(Message message) {
    Channel channel = drop(message.topic());
    if (channel == null) {
      reply(Reply.ok(message.joinRef(), message.ref(), message.topic(), Payload.EMPTY));
      return;
    }
    socket.fanout().tell(new NodeFanout.Unsubscribe(message.topic(), getContext().getSelf()));
    reply(Reply.ok(channel.joinRef(), message.ref(), message.topic(), Payload.EMPTY));
    sendClose(message.topic(), channel.joinRef());
  }

  private void push(Message message) {
    Channel channel = channels.get(message.topic());
    if (channel == null || !channel.joined()) {
      reply(Reply.error(null, message.ref(), message.topic(), Replies.reason("unmatched topic")));
      return;
    }
    if (channel.hasPresence() && message.event().equals(PresenceTracking.EVENT)) {
      presence(channel, message);
      return;
    }
    if (message.event().equals(ACCESS_TOKEN)) {
      replaceToken(channel, message);
      return;
    }
    PushOutcome outcome =
        channel.route().kind().handlePush(
            new PushRequest(message.topic(), message.event(), message.payload(), principal), channel.state());
    if (outcome instanceof PushOutcome.Relay relay) {
      relay(channel, message, relay);
    } else if (outcome instanceof PushOutcome.Respond respond) {
      reply(new Reply(channel.joinRef(), message.ref(), message.topic(), respond.status(), respond.response()));
    } else if (outcome instanceof PushOutcome.Deferred deferred) {
      getContext().pipeToSelf(
          deferred.response(),
          (respond, failure) -> new PushAnswered(message.topic(), channel.joinRef(), message.ref(), respond, failure));
    }
  }

  private Behavior<Subscriber.Message> onPushAnswered(PushAnswered answered) {
    if (answered.failure() != null) {
      getContext().getLog().warn("A push on {} failed", answered.topic(), answered.failure());
      reply(Reply.error(answered.joinRef(), answered.ref(), answered.topic(), Replies.reason("push failed")));
    } else {
      PushOutcome.Respond respond = answered.respond();
      reply(new Reply(answered.joinRef(), answered.ref(), answered.topic(), respond.status(), respond.response()));
    }
    return this;
  }

  /** A Supabase-style presence push; answered with an ok reply, which realtime-js waits for. */
  private void presence(Channel channel, Message message) {
    PresenceTracking.Request request = PresenceTracking.parsePush(message.payload());
    if (request instanceof PresenceTracking.Request.Invalid invalid) {
      reply(Reply.error(channel.joinRef(), message.ref(), message.topic(), Replies.reason(invalid.reason())));
      return;
    }
    if (request instanceof PresenceTracking.Request.Track track) {
      track(channel, track.meta());
    } else if (channel.trackedRef() != null) {
      socket.fanout().tell(new NodeFanout.Untrack(message.topic(), getContext().getSelf(), channel.presenceKey()));
      channels.put(message.topic(), channel.tracking(null));
    }
    reply(Reply.ok(channel.joinRef(), message.ref(), message.topic(), Payload.EMPTY));
  }

  /** Tracking the same key again is an update: the new meta names the old one in phx_ref_prev. */
  private void track(Channel channel, ObjectNode clientMeta) {
    ObjectNode meta =
        PresenceTracking.meta(
            clientMeta, principal, channel.route().rule().presenceMetaClaims(), channel.trackedRef());
    String topic = channel.join().topic();
    socket.fanout().tell(new NodeFanout.Track(topic, getContext().getSelf(), channel.presenceKey(), meta));
    channels.put(topic, channel.tracking(Metas.ref(meta)));
  }

  private void relay(Channel channel, Message message, PushOutcome.Relay relay) {
    Broadcast broadcast = new Broadcast(message.topic(), relay.event(), relay.payload());
    ActorRef<Subscriber.Message> exclude = relay.includeSelf() ? null : getContext().getSelf();
    if (!relay.ack()) {
      socket.entities().entityFor(message.topic()).tell(new TopicEntity.Publish(broadcast, exclude, null));
      return;
    }
    getContext()
        .ask(
            TopicEntity.Published.class,
            socket.entities().entityFor(message.topic()),
            ACK_TIMEOUT,
            replyTo -> new TopicEntity.Publish(broadcast, exclude, replyTo),
            (published, failure) ->
                new PushAcknowledged(message.topic(), channel.joinRef(), message.ref(), failure == null));
  }

  private Behavior<Subscriber.Message> onPushAcknowledged(PushAcknowledged acknowledged) {
    reply(
        acknowledged.accepted()
            ? Reply.ok(acknowledged.joinRef(), acknowledged.ref(), acknowledged.topic(), Payload.EMPTY)
            : Reply.error(
                acknowledged.joinRef(), acknowledged.ref(), acknowledged.topic(), Replies.reason("timeout")));
    return this;
  }

  /** Collection changes come through the actor, not the gate: each channel's filter decides what it sees. */
  private Behavior<Subscriber.Message> onChange(Subscriber.ChangeDelivery change) {
    Channel channel = channels.get(change.topic());
    if (channel == null) {
      return this;
    }
    if (channel.joined()) {
      sendChange(channel, change);
    } else if (channel.admitted()) {
      if (channel.held().size() >= MAX_HELD) {
        refuseTooHot(channel);
      } else {
        channel.held().add(change);
      }
    }
    return this;
  }

  /** A change reaches a channel as its filter sees it, unless the join reply already held it. */
  private void sendChange(Channel channel, Subscriber.ChangeDelivery change) {
    if (change.change().seq() <= channel.position()) {
      return;
    }
    ChangeView view = channel.state() instanceof ChangeFilter filter ? filter.view(change.change()) : ChangeView.AS_IS;
    if (view != ChangeView.SKIP) {
      socket.connection().send(change.frames().frame(socket.serializer(), view));
    }
  }

  /** A fresh token replaces the socket's own (and its expiry); a bad one is refused and changes nothing. */
  private void replaceToken(Channel channel, Message message) {
    String token = message.payload() instanceof Payload.Json json ? json.value().path(ACCESS_TOKEN).asText("") : "";
    TokenVerifier.Verification verification =
        token.isEmpty() ? new TokenVerifier.Verification.Refused("access_token is missing") : socket.verifier().verify(token);
    if (verification instanceof TokenVerifier.Verification.Refused refused) {
      reply(Reply.error(channel.joinRef(), message.ref(), message.topic(), Replies.reason("invalid token: " + refused.reason())));
      return;
    }
    principal = ((TokenVerifier.Verification.Verified) verification).principal();
    timers.cancel(TokenExpired.INSTANCE);
    scheduleExpiry();
    reply(Reply.ok(channel.joinRef(), message.ref(), message.topic(), Payload.EMPTY));
  }

  /**
   * An expired token grants nothing: the socket acts as anonymous from now on, and each channel
   * whose rule an anonymous client could not join is closed with {@code phx_close}, which tells
   * phoenix.js not to rejoin. Public channels stay.
   */
  private Behavior<Subscriber.Message> onTokenExpired() {
    principal = Principal.anonymous();
    channels.entrySet().removeIf(entry -> {
      Channel channel = entry.getValue();
      if (channel.route().rule().join().allows(principal, entry.getKey())) {
        return false;
      }
      channel.gate().shut();
      socket.fanout().tell(new NodeFanout.Unsubscribe(entry.getKey(), getContext().getSelf()));
      if (channel.joined()) {
        sendClose(entry.getKey(), channel.joinRef());
      }
      return true;
    });
    getContext().getLog().debug("The socket's token expired");
    return this;
  }

  /** Checks silence only when it could have run out, instead of re-arming a timer per frame. */
  private Behavior<Subscriber.Message> onIdleCheck() {
    long silentNanos = System.nanoTime() - lastSeenNanos;
    if (silentNanos >= idleTimeoutNanos) {
      getContext().getLog().debug("Closing a socket silent for {} ms", silentNanos / 1_000_000);
      return closeWithReason(KanalMetrics.Close.IDLE, CloseCode.NORMAL, "no message within the heartbeat timeout");
    }
    timers.startSingleTimer(IdleCheck.INSTANCE, Duration.ofNanos(idleTimeoutNanos - silentNanos));
    return this;
  }

  /** Closing a connection that is already closed does nothing, so a socket that stops always closes. */
  private Behavior<Subscriber.Message> onStop() {
    socket.connection().close(CloseCode.NORMAL, "");
    socket.released().run();
    return Behaviors.same();
  }

  private Behavior<Subscriber.Message> onNodeDraining() {
    socket.connection().close(CloseCode.GOING_AWAY, "the node is shutting down");
    return Behaviors.stopped();
  }

  /**
   * Closes the socket, counted under {@code why}, with {@code code} and a last {@code phx_error}
   * on topic {@code phoenix} that says why, for clients that show frames but not close reasons.
   */
  private Behavior<Subscriber.Message> closeWithReason(KanalMetrics.Close why, CloseCode code, String reason) {
    socket.metrics().closed(why);
    socket.connection().send(socket.serializer().encode(
        new Message(null, null, Events.PHOENIX_TOPIC, CLOSING_EVENT, Replies.reason(reason))));
    // The connection closes only after that frame has gone out; stopping at once could lose it.
    socket.connection().close(code, reason);
    timers.cancelAll();
    timers.startSingleTimer(CloseGraceOver.INSTANCE, CLOSE_GRACE);
    return Behaviors.receive(Subscriber.Message.class)
        .onMessage(Disconnected.class, disconnected -> Behaviors.stopped())
        .onMessageEquals(CloseGraceOver.INSTANCE, Behaviors::stopped)
        .onSignal(PostStop.class, stop -> {
          socket.released().run();
          return Behaviors.same();
        })
        .build();
  }

  private void reply(Reply reply) {
    socket.connection().send(socket.serializer().encode(reply));
  }

  /** Phoenix closes a channel with {@code phx_close} whose ref and join_ref are both the join's ref. */
  private void sendClose(String topic, String joinRef) {
    socket.connection().send(socket.serializer().encode(new Message(joinRef, joinRef, topic, Events.CLOSE, Payload.EMPTY)));
  }
}
