package dev.kanal.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code kanal-bench jmh [JMH options]}: hands every argument to JMH's own command line, e.g.
 * {@code jmh CodecBenchmark -p codec=v2-json} or {@code jmh -h}.
 */
@Command(name = "jmh",
    description = "Run the JMH microbenchmarks (codecs, local fan-out); arguments go to JMH, e.g. `jmh -h`.")
public final class JmhCommand implements Callable<Integer> {
  /** Everything after {@code jmh}, options included, in order: none of it is picocli's to parse. */
  @Unmatched
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
    return 0;
  }
}
