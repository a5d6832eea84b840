package dev.kanal.bench.report;

import dev.kanal.bench.measure.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kanal-bench report}: turns a results folder into {@code docs/benchmarks.md} and
 * {@code docs/bench-fanout.svg}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write benchmarks.md and bench-fanout.svg from the JSON results of a run.")
public final class ReportCommand implements Callable<Integer> {
  static final String MACHINE = "machine.json";
  static final String COMMANDS = "commands.txt";

  @Option(names = "--results", defaultValue = "bench/target/results", description = "(default: ${DEFAULT-VALUE})")
  Path results;

  @Option(names = "--docs", defaultValue = "docs", description = "where to write (default: ${DEFAULT-VALUE})")
  Path docs;

  @Option(names = "--sections", defaultValue = "bench/sections",
      description = "hand-written Markdown sections to include, in file name order (default: ${DEFAULT-VALUE})")
  Path sections;

  @Override
  public Integer call() throws Exception {
    List<Result> runs = new ArrayList<>();
    for (Path file : list(results, ".json")) {
      if (!file.getFileName().toString().equals(MACHINE)) {
        runs.add(Result.read(file));
      }
    }
    Path machineFile = results.resolve(MACHINE);
    Machine machine = Files.exists(machineFile) ? Machine.read(machineFile) : Machine.current();
    Path commandsFile = results.resolve(COMMANDS);
    String commands = Files.exists(commandsFile) ? Files.readString(commandsFile) : null;
    List<String> handWritten = new ArrayList<>();
    for (Path file : list(sections, ".md")) {
      handWritten.add(Files.readString(file));
    }
    Files.createDirectories(docs);
    Files.writeString(docs.resolve("benchmarks.md"), Report.markdown(machine, commands, runs, handWritten));
    List<Report.Case> fanoutCases = Report.cases(runs, TableSpec.FANOUT);
    if (!fanoutCases.isEmpty()) {
      Files.writeString(docs.resolve(Report.CHART), FanoutChart.svg(fanoutCases));
    }
    System.out.println("wrote " + docs.resolve("benchmarks.md") + " from " + runs.size() + " results");
    return 0;
  }

  private static List<Path> list(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }
}
