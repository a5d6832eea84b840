package dev.kanal.bench.scenario;

import dev.kanal.bench.client.BenchSocket;
import dev.kanal.bench.client.FrameListener;
import dev.kanal.bench.client.SocketClient;
import dev.kanal.bench.measure.Latencies;
import dev.kanal.bench.measure.Result;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Opens sockets and joins each to a topic at a steady pace, with a bounded number of handshakes
 * and joins under way at once: an unbounded burst would overflow the server's accept backlog and
 * time retransmitted SYNs instead of the server.
 */
final class Ramp {
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

  /** Where socket i connects, what it joins, and who hears its frames. */
  record Join<L extends FrameListener>(URI base, String topic, String payload, L listener) {}

  /** The sockets that joined, with their listeners in the same order. */
  record Opened<L>(List<BenchSocket> sockets, List<L> listeners) {}

  private final int sockets;
  private final double perSecond;
  private final int inFlight;

  /** {@code perSecond} 0 opens as fast as {@code inFlight} allows. */
  Ramp(int sockets, double perSecond, int inFlight) {
    this.sockets = sockets;
    this.perSecond = perSecond;
    this.inFlight = inFlight;
  }

  /**
   * Opens the sockets and adds {@code joined}, {@code joins_per_s}, connect and join latency and
   * the failures to the result.
   */
  <L extends FrameListener> Opened<L> open(
      SocketClient client, IntFunction<Join<L>> joinOf, Deadline deadline, Result.Builder result)
      throws InterruptedException {
    Latencies connectLatency = new Latencies();
    Latencies joinLatency = new Latencies();
    Semaphore slots = new Semaphore(inFlight);
    CountDownLatch finished = new CountDownLatch(sockets);
    Map<Integer, BenchSocket> opened = new ConcurrentHashMap<>();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    List<Join<L>> joins = new ArrayList<>(sockets);
    AtomicLong lastJoinedNanos = new AtomicLong();
    long start = System.nanoTime();
    for (int i = 0; i < sockets; i++) {
      if (perSecond > 0) {
        deadline.parkUntil(start + (long) (i * 1e9 / perSecond));
      }
      if (deadline.passed() || !slots.tryAcquire(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
        break;
      }
      Join<L> join = joinOf.apply(i);
      joins.add(join);
      int index = i;
      long connecting = System.nanoTime();
      client.connect(join.base(), join.listener())
          .thenCompose(socket -> {
            connectLatency.record(System.nanoTime() - connecting);
            return socket.join(join.topic(), join.payload())
                .orTimeout(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(nanos -> {
                  joinLatency.record(nanos);
                  return socket;
                });
          })
          .whenComplete((socket, error) -> {
            if (error == null) {
              opened.put(index, socket);
              lastJoinedNanos.accumulateAndGet(System.nanoTime(), Math::max);
            } else {
              failures.merge(reason(error), 1, Integer::sum);
            }
            slots.release();
            finished.countDown();
          });
    }
    for (int i = joins.size(); i < sockets; i++) {
      finished.countDown();
    }
    if (!finished.await(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS) || joins.size() < sockets) {
      result.cutShort("while opening sockets: " + opened.size() + " of " + sockets + " joined");
    }
    List<BenchSocket> joined = new ArrayList<>();
    List<L> listeners = new ArrayList<>();
    for (int i = 0; i < joins.size(); i++) {
      BenchSocket socket = opened.get(i);
      if (socket != null) {
        joined.add(socket);
        listeners.add(joins.get(i).listener());
      }
    }
    double seconds = Math.max(0, lastJoinedNanos.get() - start) / 1e9;
    result.figure("joined", joined.size());
    result.figure("join_failures", failures.values().stream().mapToInt(Integer::intValue).sum());
    if (seconds > 0) {
      result.figure("joins_per_s", joined.size() / seconds);
    }
    connectLatency.addTo(result, "connect");
    joinLatency.addTo(result, "join");
    failures.forEach((reason, count) -> result.problem(count + " joins failed: " + reason));
    return new Opened<>(joined, listeners);
  }

  private static String reason(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof BenchSocket.JoinRefused) {
      return "join refused: " + cause.getMessage();
    }
    if (cause instanceof TimeoutException) {
      return "no join answer within " + JOIN_TIMEOUT.toSeconds() + " s";
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
