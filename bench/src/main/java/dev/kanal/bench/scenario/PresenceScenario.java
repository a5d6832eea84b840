package dev.kanal.bench.scenario;

import dev.kanal.bench.client.PhoenixDialect;
import dev.kanal.bench.measure.PresenceViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * N clients join one topic, each tracking itself: how long until every client's presence list
 * holds all N, and what the presence_state and presence_diff traffic cost.
 */
@Command(name = "presence", mixinStandardHelpOptions = true,
    description = "N clients join one presence topic: time until every list holds all N, presence traffic per client.")
final class PresenceScenario extends Scenario {
  @Option(names = "--sockets", defaultValue = "100", description = "clients (default: ${DEFAULT-VALUE})")
  int sockets;

  @Option(names = "--topic", defaultValue = "room:bench-presence", description = "a topic with presence on (default: ${DEFAULT-VALUE})")
  String topic;

  @Mixin
  SubscriberRamp ramp;

  @Override
  void run(Run run) throws Exception {
    requireKanal("presence");
    run.result().parameter("sockets", sockets).parameter("join_rate", ramp.joinRate);
    PresenceViews views = new PresenceViews(sockets, sockets);
    long start = System.nanoTime();
    ramp.of(sockets).open(run.client(),
        i -> new Ramp.Join<>(run.urlFor(i), topic, PhoenixDialect.presenceJoin("client-" + i), views.view()),
        run.deadline(), run.result());
    if (!views.awaitComplete(run.deadline().remainingNanos())) {
      run.result().cutShort("before every presence list held all " + sockets + " keys");
    }
    views.addTo(run.result(), start, sockets);
  }
}
