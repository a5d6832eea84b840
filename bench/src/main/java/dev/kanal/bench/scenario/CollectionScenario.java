package dev.kanal.bench.scenario;

import dev.kanal.bench.client.PhoenixDialect;
import dev.kanal.bench.measure.Receipts;
import dev.kanal.bench.measure.Stamp;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * W concurrent writers create records through REST while S subscribers watch the collection:
 * writes per second, write latency, and the latency from a write's send to its change event.
 */
@Command(name = "collection", mixinStandardHelpOptions = true,
    description = "W writers POST records while S subscribers watch: writes/s, write latency, write-to-change latency.")
final class CollectionScenario extends Scenario {
  @Option(names = "--collection", defaultValue = "bench",
      description = "a collection with integer fields bench_seq, bench_sent_ns and string pad (default: ${DEFAULT-VALUE})")
  String collection;

  @Option(names = "--writers", defaultValue = "4", description = "concurrent writers (default: ${DEFAULT-VALUE})")
  int writers;

  @Option(names = "--writes", defaultValue = "1000", description = "records to create (default: ${DEFAULT-VALUE})")
  int writes;

  @Option(names = "--rate", defaultValue = "0", description = "writes per second, 0 = as fast as answered (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--sockets", defaultValue = "10", description = "subscribers (default: ${DEFAULT-VALUE})")
  int sockets;

  @Option(names = "--payload-bytes", defaultValue = "100", description = "record size (default: ${DEFAULT-VALUE})")
  int payloadBytes;

  @Mixin
  SubscriberRamp ramp;

  @Option(names = "--drain-seconds", defaultValue = "10",
      description = "how long to wait for change events after the last write was answered (default: ${DEFAULT-VALUE})")
  int drainSeconds;

  @Override
  void run(Run run) throws Exception {
    requireKanal("collections");
    run.result().parameter("writers", writers).parameter("writes", writes).parameter("rate", rate)
        .parameter("sockets", sockets).parameter("payload_bytes", payloadBytes);
    Receipts receipts = new Receipts();
    Ramp.Opened<Receipts.Subscriber> subscribers = ramp.of(sockets).open(run.client(),
        i -> new Ramp.Join<>(run.urlFor(i), "collection:" + collection, "{}", receipts.subscriber()),
        run.deadline(), run.result());

    PhoenixDialect rest = new PhoenixDialect(run.token());
    String path = "/api/collections/" + collection + "/records";
    PublishLoop.Outcome written = new PublishLoop(writes, rate, writers).run(run.http(),
        seq -> List.of(rest.post(run.urlFor(seq).resolve(path), Stamp.now(seq).json(payloadBytes))),
        run.deadline(), run.result(), "write");
    long expected = (long) written.accepted() * subscribers.sockets().size();
    run.deadline().within(Duration.ofSeconds(drainSeconds)).awaitCount(receipts::received, expected);
    run.result().figure("writes_per_s", written.acceptedPerSecond());
    receipts.addTo(run.result(), "change", written.sent(), false, subscribers.listeners());
  }
}
