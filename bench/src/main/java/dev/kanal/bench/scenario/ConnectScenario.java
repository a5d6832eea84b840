package dev.kanal.bench.scenario;

import dev.kanal.bench.client.BenchSocket;
import dev.kanal.bench.client.FrameListener;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * N sockets join topics spread over M topics at a ramp rate and stay: joins per second, join
 * latency, and what each socket costs the server in memory.
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

  @Override
  void run(Run run) throws Exception {
    run.result().parameter("sockets", sockets).parameter("topics", topics).parameter("rate", rate);
    Optional<Run.Memory> before = run.memory();
    Ramp.Opened<FrameListener> opened = new Ramp(sockets, rate, inFlight).open(
        run.client(), i -> new Ramp.Join<>(run.urlFor(i), topicPrefix + (i % topics), "{}", FrameListener.IGNORE),
        run.deadline(), run.result());

    run.deadline().within(Duration.ofSeconds(holdSeconds)).await();
    if (run.deadline().passed()) {
      run.result().cutShort("while holding");
    }
    long open = opened.sockets().stream().filter(BenchSocket::isOpen).count();
    run.result().figure("open_after_hold", open);
    Map<String, Double> metrics = run.scrapeMetrics();
    if (metrics.containsKey("kanal_sockets_open")) {
      run.result().figure("server_sockets_open", metrics.get("kanal_sockets_open"));
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
}
