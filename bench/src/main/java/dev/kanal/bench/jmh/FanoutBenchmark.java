package dev.kanal.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.phoenix.PhoenixDialect;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.NodeFanout;
import dev.kanal.server.topic.Subscriber;
import dev.kanal.server.topic.TopicEntity;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A node's local fan-out step: the server's own {@link NodeFanout} in a local actor system hands
 * one broadcast to N subscriber actors, encoded once, and the operation ends when every one of
 * them has it. The topic entity is a stub that only accepts the registration; the subscribers
 * only count, so this is the cost of fan-out and mailboxes, not of sockets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanoutBenchmark {
  private static final String TOPIC = "bench:fanout";
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

  @Param({"100", "1000", "10000"})
  public int subscribers;

  private ActorSystem<Void> system;
  private ActorRef<NodeFanout.Command> fanout;
  private Broadcast broadcast;
  private final AtomicReference<CountDownLatch> pending = new AtomicReference<>(new CountDownLatch(0));

  @Setup
  public void setUp() throws Exception {
    Config local = ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING")
        .withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "fanout-benchmark", local);
    ActorRef<TopicEntity.Command> entity = system.systemActorOf(entityStub(), "topic", Props.empty());
    fanout = system.systemActorOf(NodeFanout.create(topic -> entity, new KanalMetrics()), "fanout", Props.empty());
    CountDownLatch admitted = new CountDownLatch(subscribers);
    for (int i = 0; i < subscribers; i++) {
      ActorRef<Subscriber.Message> subscriber = system.systemActorOf(subscriber(admitted), "subscriber-" + i, Props.empty());
      fanout.tell(new NodeFanout.Subscribe(TOPIC, subscriber, PhoenixDialect.V2, i, false, inbox(subscriber)));
    }
    if (!admitted.await(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("subscribers not admitted within " + SETUP_TIMEOUT);
    }
    String json = "{\"text\":\"" + "x".repeat(70) + "\",\"n\":12345}";
    broadcast = new Broadcast(TOPIC, "shout", Payload.json(new ObjectMapper().readTree(json)));
  }

  @TearDown
  public void tearDown() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Benchmark
  public void deliverToAll() throws InterruptedException {
    CountDownLatch delivered = new CountDownLatch(subscribers);
    pending.set(delivered);
    fanout.tell(new NodeFanout.Deliver(broadcast, null));
    delivered.await();
  }

  /** Hands every frame to {@code subscriber} as a message; nothing is pushed to one subscriber alone here. */
  private static Subscriber.Inbox inbox(ActorRef<Subscriber.Message> subscriber) {
    return new Subscriber.Inbox() {
      @Override
      public void deliver(Subscriber.Delivery delivery) {
        subscriber.tell(delivery);
      }

      @Override
      public void push(Broadcast message) {
        subscriber.tell(new Subscriber.Delivery(message.topic(), PhoenixDialect.V2.broadcast(message)));
      }
    };
  }

  /** Accepts the fan-out's registration, as a topic entity does, and ignores the rest. */
  private static Behavior<TopicEntity.Command> entityStub() {
    return Behaviors.setup(context -> Behaviors.receive(TopicEntity.Command.class)
        .onMessage(TopicEntity.Register.class, register -> {
          register.fanout().tell(new NodeFanout.Registered(TOPIC, context.getSelf()));
          return Behaviors.same();
        })
        .onAnyMessage(message -> Behaviors.same())
        .build());
  }

  private Behavior<Subscriber.Message> subscriber(CountDownLatch admitted) {
    return Behaviors.receive(Subscriber.Message.class)
        .onMessage(Subscriber.Admitted.class, message -> {
          admitted.countDown();
          return Behaviors.same();
        })
        .onMessage(Subscriber.Delivery.class, delivery -> {
          pending.get().countDown();
          return Behaviors.same();
        })
        .build();
  }
}
