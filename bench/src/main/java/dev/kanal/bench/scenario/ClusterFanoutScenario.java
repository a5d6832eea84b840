package dev.kanal.bench.scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * The fan-out scenario over several nodes: subscribers spread round-robin, one publisher, server
 * CPU summed over every node's process.
 */
@Command(name = "cluster-fanout", mixinStandardHelpOptions = true,
    description = "fanout with subscribers spread round-robin over the --urls nodes; CPU summed over --server-pid.")
final class ClusterFanoutScenario extends FanoutScenario {

  @Override
  void run(Run run) throws Exception {
    if (run.urls().size() < 2) {
      throw new ParameterException(spec.commandLine(), "cluster-fanout needs two or more --urls");
    }
    super.run(run);
  }
}
