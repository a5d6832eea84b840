package dev.kanal.bench.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kanal-bench machine --out FILE}: records the machine beside a run's results. */
@Command(name = "machine", mixinStandardHelpOptions = true,
    description = "Write this machine's cores, CPU model, memory, kernel and JDK as JSON.")
public final class MachineCommand implements Callable<Integer> {
  @Option(names = "--out", description = "file to write (default: standard output)")
  Path out;

  @Override
  public Integer call() throws Exception {
    String json = Machine.current().json();
    if (out == null) {
      System.out.println(json);
    } else {
      Files.writeString(out, json);
    }
    return 0;
  }
}
