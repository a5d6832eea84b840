package dev.kanal.bench.scenario;

import dev.kanal.bench.client.BenchSocket;
import dev.kanal.bench.client.FrameListener;
import dev.kanal.bench.measure.Result;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * N sockets join topics spread over M topics at a ramp rate and stay: joins per second, join
 * latency, the server's CPU per join, and what each socket costs the server in memory. Warm-up
 * sockets join and leave first, unmeasured, so both servers (and this client) run compiled code.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
    description = "N sockets join M topics at a ramp rate and hold: joins/s, join latency, server memory per socket.")
final class ConnectScenario extends Scenario {
  @Option(names = "--sockets", defaultValue = "1000", description = "(default: ${DEFAULT-VALUE})")
  int sockets;

  @Option(names = "--topics", defaultValue = "10", description = "topics the sockets spread over (default: ${DEFAULT-VALUE})")
  int topics;

  @Option(names = "--topic-prefix", defaultValue = "bench:connect-", description = "(default: ${DEFAULT-VALUE})")
  String topicPrefix;

  @Option(names = "--rate", defaultValue = "500", description = "joins per second, 0 = unpaced (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--in-flight", defaultValue = "64", description = "handshakes and joins under way at once (default: ${DEFAULT-VALUE})")
  int inFlight;

  @Option(names = "--hold-seconds", defaultValue = "10", description = "how long the sockets stay joined (default: ${DEFAULT-VALUE})")
  int holdSeconds;

  @Option(names = "--warmup-sockets", defaultValue = "0",
      description = "sockets that join and close first, unmeasured, in rounds of --sockets (default: ${DEFAULT-VALUE})")
  int warmupSockets;

  /** Time for the server to let closed warm-up sockets go before the measured ramp. */
  private static final Duration SETTLE = Duration.ofSeconds(2);

  @Override
  void run(Run run) throws Exception {
    run.result().parameter("sockets", sockets).parameter("topics", topics).parameter("rate", rate)
        .parameter("warmup_sockets", warmupSockets);
    warmUp(run);
    Optional<Run.Memory> before = run.memory();
    OptionalDouble cpuBefore = run.cpuSeconds();
    Ramp.Opened<FrameListener> opened = ramp(run, sockets, run.result());
    OptionalDouble cpuAfter = run.cpuSeconds();
    if (cpuBefore.isPresent() && cpuAfter.isPresent() && !opened.sockets().isEmpty()) {
      double cpu = cpuAfter.getAsDouble() - cpuBefore.getAsDouble();
      run.result().figure("server_cpu_us_per_join", TimeUnit.SECONDS.toMicros(1) * cpu / opened.sockets().size());
    }

    run.deadline().within(Duration.ofSeconds(holdSeconds)).await();
    if (run.deadline().passed()) {
      run.result().cutShort("while holding");
    }
    long open = opened.sockets().stream().filter(BenchSocket::isOpen).count();
    run.result().figure("open_after_hold", open);
    Map<String, Double> metrics = run.scrapeMetrics();
    Double serverOpen = metrics.get("kanal_sockets_open{dialect=\"phoenix\"}");
    if (serverOpen != null) {
      run.result().figure("server_sockets_open", serverOpen);
    }
    Optional<Run.Memory> after = before.isPresent() && open > 0 ? run.memory() : Optional.empty();
    if (after.isPresent()) {
      run.result().figure("server_rss_mb", after.get().rssBytes() / 1e6);
      run.result().figure("rss_per_socket_bytes", (double) (after.get().rssBytes() - before.get().rssBytes()) / open);
      if (after.get().heapBytes() >= 0) {
        run.result().figure("server_heap_mb", after.get().heapBytes() / 1e6);
        run.result().figure("heap_per_socket_bytes",
            (double) (after.get().heapBytes() - before.get().heapBytes()) / open);
      }
    }
  }

  private Ramp.Opened<FrameListener> ramp(Run run, int count, Result.Builder result) throws InterruptedException {
    return new Ramp(count, rate, inFlight).open(
        run.client(), i -> new Ramp.Join<>(run.urlFor(i), topicPrefix + (i % topics), "{}", FrameListener.IGNORE),
        run.deadline(), result);
  }

  private void warmUp(Run run) throws InterruptedException {
    for (int left = warmupSockets; left > 0 && !run.deadline().passed(); left -= sockets) {
      Ramp.Opened<FrameListener> warm = ramp(run, Math.min(left, sockets), Result.builder("warm-up", "", ""));
      CompletableFuture.allOf(warm.sockets().stream().map(BenchSocket::close).toArray(CompletableFuture[]::new))
          .join();
    }
    run.deadline().within(SETTLE).await();
  }
}
