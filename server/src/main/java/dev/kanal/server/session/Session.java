package dev.kanal.server.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanal.persistence.collection.ChangeView;
import dev.kanal.presence.Metas;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.channel.ChangeFilter;
import dev.kanal.server.channel.ChannelRouter.Route;
import dev.kanal.server.channel.JoinOutcome;
import dev.kanal.server.channel.JoinRequest;
import dev.kanal.server.channel.PushOutcome;
import dev.kanal.server.channel.PushRequest;
import dev.kanal.server.dialect.ClientCommand;
import dev.kanal.server.dialect.ClientRef;
import dev.kanal.server.dialect.ServerEvent;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One per connection, whatever its dialect or transport, like Phoenix's socket process: it closes
 * the connection when the client falls silent, keeps the client within its limits and its token's
 * life, and owns the client's subscriptions (join, leave, rejoin, the subscription cap, presence).
 * Its dialect turns frames into {@link ClientCommand}s and {@link ServerEvent}s into frames; channel
 * kinds decide what a join or push means. It never sees JSON or a frame's layout.
 */
public final class Session extends AbstractBehavior<Subscriber.Message> implements ClientCommand.Handler {
  /** How long a client waits for the topic to accept a push sent with {@code ack}. */
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
  /** What a subscription may receive while its join is decided; a hotter topic fails the join. */
  static final int MAX_HELD = 10_000;

  public interface Command extends Subscriber.Message {}

  /** A frame from the client; {@link Connection#handled()} once handled lets more in. */
  public record Inbound(Frame frame) implements Command {}

  /** The client sent a frame over {@code max-frame-bytes}; the session says why and closes. */
  public record TooLarge(String reason) implements Command {}

  /** The client closed the connection or it failed; the session ends. */
  public record Disconnected(String reason) implements Command {}

  /** The node is shutting down: the session closes so that its client reconnects to another node. */
  public enum NodeDraining implements Command {
    INSTANCE
  }

  private record JoinDecided(String subscription, long joinId, JoinOutcome<Object> outcome, Throwable failure)
      implements Command {}

  private record PushAnswered(ClientRef to, PushOutcome.Respond respond, Throwable failure) implements Command {}

  private record PushAcknowledged(ClientRef to, boolean accepted) implements Command {}

  private enum IdleCheck implements Command {
    INSTANCE
  }

  /** The session's token ran out (its {@code exp} plus the verifier's leeway). */
  private enum TokenExpired implements Command {
    INSTANCE
  }

  /** A session the server closes waited long enough for its last frame to go out. */
  private enum CloseGraceOver implements Command {
    INSTANCE
  }

  /** How long a session the server closes waits for its last frame to leave before it stops anyway. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  private final SessionContext session;
  /** Who the client is: the connect token's claims, replaced by a newer token, anonymous once expired. */
  private Principal principal;
  private final TimerScheduler<Subscriber.Message> timers;
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  /**
   * The fan-out knows a session by its topics, so a session holds at most one subscription per
   * topic: the id of each topic's.
   */
  private final Map<String, String> subscriptionByTopic = new HashMap<>();
  private final long idleTimeoutNanos;
  /** The presence key of an anonymous client's subscriptions. */
  private final String sessionId = PresenceTracking.newRef();
  private long lastSeenNanos = System.nanoTime();
  private long nextJoinId;
  private final TokenBucket joins;
  private final TokenBucket events;
  /** Refusals since the last accepted command; a client that keeps pushing past its limit is a flood. */
  private int refusedInARow;

  public static Behavior<Subscriber.Message> create(SessionContext session) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Session(ctx, session, timers)));
  }

  private Session(
      ActorContext<Subscriber.Message> context, SessionContext session, TimerScheduler<Subscriber.Message> timers) {
    super(context);
    this.session = session;
    this.timers = timers;
    this.idleTimeoutNanos = session.limits().heartbeatTimeout().toNanos();
    this.joins = new TokenBucket(session.limits().joinsPerSecond(), lastSeenNanos);
    this.events = new TokenBucket(session.limits().eventsPerSecond(), lastSeenNanos);
    timers.startSingleTimer(IdleCheck.INSTANCE, session.limits().heartbeatTimeout());
    this.principal = session.principal();
    scheduleExpiry();
  }

  private void scheduleExpiry() {
    timers.cancel(TokenExpired.INSTANCE);
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
    ClientCommand command = session.dialect().decode(inbound.frame());
    if (!withinLimits(command)) {
      return flooded()
          ? closeWithReason(KanalMetrics.Close.FLOOD, CloseCode.POLICY_VIOLATION, "too many messages past the rate limit")
          : handled();
    }
    command.dispatchTo(this);
    return handled();
  }

  private Behavior<Subscriber.Message> handled() {
    session.connection().handled();
    return this;
  }

  /**
   * Joins and pushes spend the client's tokens, a refused push to a channel too; heartbeats, leaves
   * and unreadable frames are free, so a limited client can always stay connected and let go. A
   * refused command gets an error reply with the reason.
   */
  private boolean withinLimits(ClientCommand command) {
    if (command instanceof ClientCommand.Heartbeat
        || command instanceof ClientCommand.Leave
        || command instanceof ClientCommand.Invalid invalid && invalid.from().subscription() == null) {
      return true;
    }
    boolean join = command instanceof ClientCommand.Join;
    if ((join ? joins : events).tryTake(lastSeenNanos)) {
      refusedInARow = 0;
      return true;
    }
    refusedInARow++;
    session.metrics().refused(join ? KanalMetrics.Refusal.JOINS_PER_SECOND : KanalMetrics.Refusal.EVENTS_PER_SECOND);
    refuse(addressOf(command), join ? "too many joins per second" : "too many events per second");
    return false;
  }

  private static ClientRef addressOf(ClientCommand command) {
    if (command instanceof ClientCommand.Invalid invalid) {
      return invalid.from();
    }
    if (command instanceof ClientCommand.Join join) {
      return join.from();
    }
    if (command instanceof ClientCommand.Presence presence) {
      return presence.push().from();
    }
    if (command instanceof ClientCommand.AccessToken accessToken) {
      return accessToken.push().from();
    }
    return ((ClientCommand.Push) command).from();
  }

  /** Refusing more than a second's worth of events in a row means the client ignores the replies. */
  private boolean flooded() {
    if (refusedInARow <= session.limits().eventsPerSecond()) {
      return false;
    }
    getContext().getLog().info("Closing a session that kept sending past its rate limit");
    return true;
  }

  @Override
  public void heartbeat(ClientCommand.Heartbeat heartbeat) {
    send(new ServerEvent.Answered(heartbeat.from(), Reply.Status.OK, Payload.EMPTY));
  }

  @Override
  public void invalid(ClientCommand.Invalid invalid) {
    getContext().getLog().debug("Refusing a malformed frame: {}", invalid.reason());
    session.metrics().refused(KanalMetrics.Refusal.MALFORMED_FRAME);
    refuse(invalid.from(), invalid.reason());
  }

  @Override
  public void join(ClientCommand.Join join) {
    ClientRef from = join.from();
    Subscription existing = drop(from.subscription());
    if (existing != null) {
      session.fanout().tell(new NodeFanout.Unsubscribe(existing.topic(), getContext().getSelf()));
      if (existing.joined()) {
        send(new ServerEvent.Closed(existing.join(), ServerEvent.CloseCause.REPLACED));
      }
    }
    if (subscriptionByTopic.containsKey(from.topic())) {
      refuse(from, "already subscribed to " + from.topic() + " under another id");
      return;
    }
    if (subscriptions.size() >= session.limits().maxChannelsPerSocket()) {
      session.metrics().refused(KanalMetrics.Refusal.MAX_CHANNELS);
      refuse(from, "too many channels");
      return;
    }
    Route route = session.router().route(from.topic()).orElse(null);
    if (route == null) {
      refuse(from.withoutJoinRef(), "unmatched topic");
      return;
    }
    Optional<String> refusal = join.params().accessToken().flatMap(this::replaceToken);
    if (refusal.isPresent()) {
      refuse(from, refusal.get());
      return;
    }
    if (!mayJoin(route, join)) {
      refuse(from, "unauthorized");
      return;
    }
    String presenceKey = route.rule().presence()
        ? join.params().presence().key().or(principal::subject).orElse(sessionId)
        : null;
    DeliveryGate gate = new DeliveryGate(session.connection(), MAX_HELD, session.dialect(), from);
    Subscription subscription =
        Subscription.joining(nextJoinId++, from, join.params(), route, presenceKey, gate);
    subscriptions.put(subscription.id(), subscription);
    subscriptionByTopic.put(subscription.topic(), subscription.id());
    if (subscription.subscribesFirst()) {
      subscribe(subscription);
    } else {
      askKind(subscription);
    }
  }

  /** The rule's check; a private channel (Supabase's {@code private}) also needs a verified token. */
  private boolean mayJoin(Route route, ClientCommand.Join join) {
    return route.rule().join().allows(principal, join.from().topic())
        && (!join.params().privateChannel() || principal.authenticated());
  }

  private void askKind(Subscription subscription) {
    String id = subscription.id();
    long joinId = subscription.joinId();
    getContext()
        .pipeToSelf(
            subscription.route().kind().join(new JoinRequest(subscription.topic(), subscription.params(), principal)),
            (outcome, failure) -> new JoinDecided(id, joinId, outcome, failure));
  }

  private void subscribe(Subscription subscription) {
    session.fanout().tell(
        new NodeFanout.Subscribe(
            subscription.topic(), getContext().getSelf(), session.dialect().fastlane(), subscription.joinId(),
            subscription.hasPresence(), subscription.gate()));
  }

  private Behavior<Subscriber.Message> onJoinDecided(JoinDecided decided) {
    Subscription subscription = subscriptions.get(decided.subscription());
    if (subscription == null || subscription.joinId() != decided.joinId()) {
      return this;
    }
    if (decided.failure() != null) {
      getContext().getLog().warn("Join of {} failed", subscription.topic(), decided.failure());
      refuseJoin(subscription, "join failed");
      return this;
    }
    decided.outcome().fold(
        accepted -> {
          accept(subscription, accepted);
          return null;
        },
        refused -> {
          refuseJoin(subscription, refused.reason());
          return null;
        });
    return this;
  }

  private void accept(Subscription subscription, JoinOutcome.Accepted<Object> accepted) {
    Subscription joining = subscription.accepted(accepted.response(), accepted.state(), accepted.position());
    subscriptions.put(joining.id(), joining);
    if (joining.joined()) {
      replyJoined(joining);
    } else {
      subscribe(joining);
    }
    Subscription now = subscriptions.get(joining.id());
    if (now != null && now.hasPresence()) {
      now.params().presence().meta().ifPresent(meta -> track(now, meta));
    }
  }

  private void refuseJoin(Subscription subscription, String reason) {
    drop(subscription.id());
    if (subscription.admitted()) {
      session.fanout().tell(new NodeFanout.Unsubscribe(subscription.topic(), getContext().getSelf()));
    }
    refuse(subscription.join(), reason);
  }

  private Behavior<Subscriber.Message> onAdmitted(Subscriber.Admitted admitted) {
    Subscription subscription = subscriptionOf(admitted.topic());
    if (subscription != null && subscription.joinId() == admitted.joinId() && !subscription.admitted()) {
      Subscription now = subscription.admit();
      subscriptions.put(now.id(), now);
      if (now.joined()) {
        replyJoined(now);
      } else {
        askKind(now);
      }
    }
    return this;
  }

  private Subscription subscriptionOf(String topic) {
    String id = subscriptionByTopic.get(topic);
    return id == null ? null : subscriptions.get(id);
  }

  /** Sends the join's ok reply, then whatever arrived for the subscription while it was being joined. */
  private void replyJoined(Subscription subscription) {
    ServerEvent ok = new ServerEvent.Answered(subscription.join(), Reply.Status.OK, subscription.joinResponse());
    if (!subscription.gate().open(session.dialect().encode(ok))) {
      refuseTooHot(subscription);
      return;
    }
    subscription.held().forEach(change -> sendChange(subscription, change));
    subscription.held().clear();
  }

  private void refuseTooHot(Subscription subscription) {
    getContext().getLog().info(
        "Refusing the join of {}: too much traffic while it was being joined", subscription.topic());
    drop(subscription.id());
    session.fanout().tell(new NodeFanout.Unsubscribe(subscription.topic(), getContext().getSelf()));
    refuse(subscription.join(), "join failed");
  }

  /** Forgets a subscription; its gate lets nothing more through. */
  private Subscription drop(String id) {
    Subscription subscription = subscriptions.remove(id);
    if (subscription != null) {
      subscriptionByTopic.remove(subscription.topic());
      subscription.gate().shut();
    }
    return subscription;
  }

  @Override
  public void leave(ClientCommand.Leave leave) {
    Subscription subscription = drop(leave.from().subscription());
    if (subscription == null) {
      send(new ServerEvent.Answered(leave.from(), Reply.Status.OK, Payload.EMPTY));
      return;
    }
    session.fanout().tell(new NodeFanout.Unsubscribe(subscription.topic(), getContext().getSelf()));
    send(new ServerEvent.Answered(
        subscription.join().answering(leave.from().ref()), Reply.Status.OK, Payload.EMPTY));
    send(new ServerEvent.Closed(subscription.join(), ServerEvent.CloseCause.LEFT));
  }

  /** The joined subscription a push names, or null once the client was told it names none. */
  private Subscription joinedFor(ClientRef from) {
    Subscription subscription = subscriptions.get(from.subscription());
    if (subscription == null || !subscription.joined()) {
      refuse(from.withoutJoinRef(), "unmatched topic");
      return null;
    }
    return subscription;
  }

  @Override
  public void push(ClientCommand.Push push) {
    Subscription subscription = joinedFor(push.from());
    if (subscription != null) {
      handlePush(subscription, push);
    }
  }

  private void handlePush(Subscription subscription, ClientCommand.Push push) {
    ClientRef to = subscription.join().answering(push.from().ref());
    subscription.route().kind()
        .handlePush(new PushRequest(subscription.topic(), push.event(), push.payload(), principal), subscription.state())
        .handleWith(new PushOutcome.Handler() {
          @Override
          public void relay(PushOutcome.Relay relay) {
            Session.this.relay(subscription, to, relay);
          }

          @Override
          public void respond(PushOutcome.Respond respond) {
            send(new ServerEvent.Answered(to, respond.status(), respond.response()));
          }

          @Override
          public void deferred(PushOutcome.Deferred deferred) {
            getContext().pipeToSelf(deferred.response(), (respond, failure) -> new PushAnswered(to, respond, failure));
          }

          @Override
          public void ignore(PushOutcome.Ignore ignore) {}
        });
  }

  private Behavior<Subscriber.Message> onPushAnswered(PushAnswered answered) {
    if (answered.failure() != null) {
      getContext().getLog().warn("A push on {} failed", answered.to().topic(), answered.failure());
      refuse(answered.to(), "push failed");
    } else {
      send(new ServerEvent.Answered(answered.to(), answered.respond().status(), answered.respond().response()));
    }
    return this;
  }

  /** A presence push, answered with an ok reply, which realtime-js waits for; a plain push where there is no presence. */
  @Override
  public void presence(ClientCommand.Presence presence) {
    Subscription subscription = joinedFor(presence.push().from());
    if (subscription == null) {
      return;
    }
    if (!subscription.hasPresence()) {
      handlePush(subscription, presence.push());
      return;
    }
    ClientRef to = subscription.join().answering(presence.push().from().ref());
    ClientCommand.PresenceRequest request = presence.request();
    if (request instanceof ClientCommand.PresenceRequest.Refused refused) {
      refuse(to, refused.reason());
      return;
    }
    if (request instanceof ClientCommand.PresenceRequest.Track track) {
      track(subscription, track.meta());
    } else if (subscription.trackedRef() != null) {
      session.fanout().tell(
          new NodeFanout.Untrack(subscription.topic(), getContext().getSelf(), subscription.presenceKey()));
      subscriptions.put(subscription.id(), subscription.tracking(null));
    }
    send(new ServerEvent.Answered(to, Reply.Status.OK, Payload.EMPTY));
  }

  /** Tracking the same key again is an update: the new meta names the old one in phx_ref_prev. */
  private void track(Subscription subscription, ObjectNode clientMeta) {
    ObjectNode meta = PresenceTracking.meta(
        clientMeta, principal, subscription.route().rule().presenceMetaClaims(), subscription.trackedRef());
    session.fanout().tell(
        new NodeFanout.Track(subscription.topic(), getContext().getSelf(), subscription.presenceKey(), meta));
    subscriptions.put(subscription.id(), subscription.tracking(Metas.ref(meta)));
  }

  private void relay(Subscription subscription, ClientRef to, PushOutcome.Relay relay) {
    Broadcast broadcast = new Broadcast(subscription.topic(), relay.event(), relay.payload());
    ActorRef<Subscriber.Message> exclude = relay.includeSelf() ? null : getContext().getSelf();
    RecipientRef<TopicEntity.Command> entity = session.entities().entityFor(subscription.topic());
    if (!relay.ack()) {
      entity.tell(new TopicEntity.Publish(broadcast, exclude, null));
      return;
    }
    getContext().ask(
        TopicEntity.Published.class,
        entity,
        ACK_TIMEOUT,
        replyTo -> new TopicEntity.Publish(broadcast, exclude, replyTo),
        (published, failure) -> new PushAcknowledged(to, failure == null));
  }

  private Behavior<Subscriber.Message> onPushAcknowledged(PushAcknowledged acknowledged) {
    if (acknowledged.accepted()) {
      send(new ServerEvent.Answered(acknowledged.to(), Reply.Status.OK, Payload.EMPTY));
    } else {
      refuse(acknowledged.to(), "timeout");
    }
    return this;
  }

  /** Collection changes come through the actor, not the gate: each subscription's filter decides what it sees. */
  private Behavior<Subscriber.Message> onChange(Subscriber.ChangeDelivery change) {
    Subscription subscription = subscriptionOf(change.topic());
    if (subscription == null) {
      return this;
    }
    if (subscription.joined()) {
      sendChange(subscription, change);
    } else if (subscription.admitted()) {
      if (subscription.held().size() >= MAX_HELD) {
        refuseTooHot(subscription);
      } else {
        subscription.held().add(change);
      }
    }
    return this;
  }

  /** A change reaches a subscription as its filter sees it, unless the join reply already held it. */
  private void sendChange(Subscription subscription, Subscriber.ChangeDelivery change) {
    if (change.change().seq() <= subscription.position()) {
      return;
    }
    ChangeView view = subscription.state() instanceof ChangeFilter filter
        ? filter.view(change.change())
        : ChangeView.AS_IS;
    if (view != ChangeView.SKIP) {
      session.connection().send(change.frames().frame(session.dialect().fastlane(), view));
    }
  }

  @Override
  public void accessToken(ClientCommand.AccessToken accessToken) {
    ClientRef from = accessToken.push().from();
    Subscription subscription = joinedFor(from);
    if (subscription == null) {
      return;
    }
    ClientRef to = subscription.join().answering(from.ref());
    Optional<String> refusal = accessToken.token().isEmpty()
        ? Optional.of("invalid token: access_token is missing")
        : replaceToken(accessToken.token());
    if (refusal.isPresent()) {
      refuse(to, refusal.get());
    } else {
      send(new ServerEvent.Answered(to, Reply.Status.OK, Payload.EMPTY));
    }
  }

  /** A valid token replaces the session's own (and its expiry); a bad one changes nothing and says why. */
  private Optional<String> replaceToken(String token) {
    TokenVerifier.Verification verification = session.verifier().verify(token);
    if (verification instanceof TokenVerifier.Verification.Refused refused) {
      return Optional.of("invalid token: " + refused.reason());
    }
    principal = ((TokenVerifier.Verification.Verified) verification).principal();
    scheduleExpiry();
    return Optional.empty();
  }

  /**
   * An expired token grants nothing: the client acts as anonymous from now on, and each
   * subscription it could not have joined anonymously is closed, which tells phoenix.js and
   * realtime-js not to rejoin. Public ones stay.
   */
  private Behavior<Subscriber.Message> onTokenExpired() {
    principal = Principal.anonymous();
    List<Subscription> granted = subscriptions.values().stream()
        .filter(subscription -> subscription.params().privateChannel()
            || !subscription.route().rule().join().allows(principal, subscription.topic()))
        .toList();
    for (Subscription subscription : granted) {
      drop(subscription.id());
      session.fanout().tell(new NodeFanout.Unsubscribe(subscription.topic(), getContext().getSelf()));
      if (subscription.joined()) {
        send(new ServerEvent.Closed(subscription.join(), ServerEvent.CloseCause.TOKEN_EXPIRED));
      }
    }
    getContext().getLog().debug("The session's token expired");
    return this;
  }

  /** Checks silence only when it could have run out, instead of re-arming a timer per frame. */
  private Behavior<Subscriber.Message> onIdleCheck() {
    long silentNanos = System.nanoTime() - lastSeenNanos;
    if (silentNanos >= idleTimeoutNanos) {
      getContext().getLog().debug("Closing a session silent for {} ms", silentNanos / 1_000_000);
      return closeWithReason(KanalMetrics.Close.IDLE, CloseCode.NORMAL, "no message within the heartbeat timeout");
    }
    timers.startSingleTimer(IdleCheck.INSTANCE, Duration.ofNanos(idleTimeoutNanos - silentNanos));
    return this;
  }

  /** Closing a connection that is already closed does nothing, so a session that stops always closes. */
  private Behavior<Subscriber.Message> onStop() {
    session.connection().close(CloseCode.NORMAL, "");
    session.released().run();
    return Behaviors.same();
  }

  private Behavior<Subscriber.Message> onNodeDraining() {
    session.connection().close(CloseCode.GOING_AWAY, "the node is shutting down");
    return Behaviors.stopped();
  }

  /** Closes the connection, counted under {@code why}, with {@code code} and a last frame that says why. */
  private Behavior<Subscriber.Message> closeWithReason(KanalMetrics.Close why, CloseCode code, String reason) {
    session.metrics().closed(why);
    send(new ServerEvent.Closing(reason));
    // The connection closes only after that frame has gone out; stopping at once could lose it.
    session.connection().close(code, reason);
    timers.cancelAll();
    timers.startSingleTimer(CloseGraceOver.INSTANCE, CLOSE_GRACE);
    return Behaviors.receive(Subscriber.Message.class)
        .onMessage(Disconnected.class, disconnected -> Behaviors.stopped())
        .onMessageEquals(CloseGraceOver.INSTANCE, Behaviors::stopped)
        .onSignal(PostStop.class, stop -> {
          session.released().run();
          return Behaviors.same();
        })
        .build();
  }

  /** The one place an error becomes a reply. */
  private void refuse(ClientRef to, String reason) {
    send(new ServerEvent.Refused(to, reason));
  }

  private void send(ServerEvent event) {
    session.dialect().encode(event).forEach(session.connection()::send);
  }
}
