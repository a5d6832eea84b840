package dev.kanal.bench.scenario;

import dev.kanal.bench.measure.Receipts;
import dev.kanal.bench.measure.Result;
import dev.kanal.bench.measure.Stamp;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * N subscribers on one topic; a publisher sends K stamped messages over HTTP. Measures delivered
 * messages per second, publish-to-receipt latency, losses, duplicates and reordering per
 * subscriber, and the server CPU each delivery cost.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = "N subscribers on one topic receive K published messages: deliveries/s, latency, losses, server CPU per delivery.")
class FanoutScenario extends Scenario {
  @Option(names = "--sockets", defaultValue = "1000", description = "subscribers (default: ${DEFAULT-VALUE})")
  int sockets;

  @Option(names = "--topic", defaultValue = "bench:fanout", description = "(default: ${DEFAULT-VALUE})")
  String topic;

  @Option(names = "--messages", defaultValue = "100", description = "messages to publish (default: ${DEFAULT-VALUE})")
  int messages;

  @Option(names = "--warmup-messages", defaultValue = "0",
      description = "messages published first, as fast as answered, and not measured: they warm both JVMs (default: ${DEFAULT-VALUE})")
  int warmupMessages;

  @Option(names = "--payload-bytes", defaultValue = "100", description = "payload size (default: ${DEFAULT-VALUE})")
  int payloadBytes;

  @Option(names = "--rate", defaultValue = "0",
      description = "messages per second; 0 = each as soon as the window allows (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--window", defaultValue = "1",
      description = "publishes that may await their 202 at once; order is checked only at 1 (default: ${DEFAULT-VALUE})")
  int window;

  @Mixin
  SubscriberRamp ramp;

  @Option(names = "--drain-seconds", defaultValue = "10",
      description = "how long to wait for deliveries after the last publish was answered (default: ${DEFAULT-VALUE})")
  int drainSeconds;

  @Override
  void run(Run run) throws Exception {
    run.result().parameter("sockets", sockets).parameter("messages", messages)
        .parameter("payload_bytes", payloadBytes).parameter("rate", rate).parameter("window", window)
        .parameter("warmup_messages", warmupMessages);
    Receipts receipts = new Receipts();
    Ramp.Opened<Receipts.Subscriber> subscribers = ramp.of(sockets).open(
        run.client(), i -> new Ramp.Join<>(run.urlFor(i), topic, "{}", receipts.subscriber()),
        run.deadline(), run.result());
    if (subscribers.sockets().isEmpty()) {
      run.result().problem("no subscriber joined");
      return;
    }

    Duration drain = Duration.ofSeconds(drainSeconds);
    if (warmupMessages > 0) {
      // negative sequence numbers mark warm-up messages; their figures go to a result nobody reads
      PublishLoop.Outcome warmup = new PublishLoop(warmupMessages, 0, window).run(run.http(),
          seq -> run.dialect().publish(run.urls(), topic, Stamp.now(-1 - seq).json(payloadBytes)),
          run.deadline(), Result.builder("warm-up", "", ""), "warmup");
      run.deadline().within(drain)
          .awaitCount(receipts::warmupsReceived, (long) warmup.accepted() * subscribers.sockets().size());
    }

    Map<String, Double> metricsBefore = run.scrapeMetrics();
    OptionalDouble cpuBefore = run.cpuSeconds();
    PublishLoop.Outcome published = new PublishLoop(messages, rate, window).run(
        run.http(), seq -> run.dialect().publish(run.urls(), topic, Stamp.now(seq).json(payloadBytes)),
        run.deadline(), run.result(), "publish");
    long expected = (long) published.accepted() * subscribers.sockets().size();
    run.deadline().within(drain).awaitCount(receipts::received, expected);
    OptionalDouble cpuAfter = run.cpuSeconds();
    Map<String, Double> metricsAfter = run.scrapeMetrics();
    if (receipts.received() < expected && run.deadline().passed()) {
      run.result().cutShort("while waiting for deliveries");
    }

    long last = Receipts.lastReceivedNanos(subscribers.listeners());
    double seconds = (last - published.firstSentNanos()) / 1e9;
    run.result().figure("deliveries_per_s", seconds > 0 ? receipts.received() / seconds : Double.NaN);
    run.result().figure("publish_phase_s", seconds);
    // publishes that overlap travel on several connections, so only one at a time has an order to keep
    receipts.addTo(run.result(), "latency", published.sent(), window == 1, subscribers.listeners());
    if (cpuBefore.isPresent() && cpuAfter.isPresent() && receipts.received() > 0) {
      double cpu = cpuAfter.getAsDouble() - cpuBefore.getAsDouble();
      run.result().figure("server_cpu_s", cpu);
      run.result().figure("server_cpu_us_per_delivery", TimeUnit.SECONDS.toMicros(1) * cpu / receipts.received());
    }
    run.metricDelta("server_fanout_received", "kanal_fanout_received_total{kind=\"broadcast\"}", metricsBefore, metricsAfter);
    run.metricDelta("server_frames_encoded", "kanal_frames_encoded_total{dialect=\"phoenix\",vsn=\"2.0.0\"}", metricsBefore, metricsAfter);
    run.metricDelta("server_deliveries", "kanal_deliveries_total", metricsBefore, metricsAfter);
  }
}
