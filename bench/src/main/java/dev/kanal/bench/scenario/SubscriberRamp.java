package dev.kanal.bench.scenario;

import picocli.CommandLine.Option;

/** How the scenarios that listen open their subscribers: the options and the {@link Ramp} they make. */
final class SubscriberRamp {
  @Option(names = "--join-rate", defaultValue = "1000", description = "joins per second, 0 = unpaced (default: ${DEFAULT-VALUE})")
  double joinRate;

  @Option(names = "--in-flight", defaultValue = "64", description = "handshakes and joins under way at once (default: ${DEFAULT-VALUE})")
  int inFlight;

  Ramp of(int sockets) {
    return new Ramp(sockets, joinRate, inFlight);
  }
}
