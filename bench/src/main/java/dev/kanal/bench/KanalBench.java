package dev.kanal.bench;

import dev.kanal.bench.jmh.JmhCommand;
import dev.kanal.bench.reference.ReferenceCommand;
import dev.kanal.bench.report.MachineCommand;
import dev.kanal.bench.report.ReportCommand;
import dev.kanal.bench.scenario.Scenarios;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code java -jar kanal-bench.jar <command> [options]}: the load scenarios and the tools around them. */
@Command(name = "kanal-bench", mixinStandardHelpOptions = true,
    description = "Load generator, reference server, report generator and microbenchmarks for Kanal.")
public final class KanalBench implements Runnable {
  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new KanalBench());
    Scenarios.all().forEach(commandLine::addSubcommand);
    List.of(new ReferenceCommand(), new MachineCommand(), new ReportCommand(), new JmhCommand())
        .forEach(commandLine::addSubcommand);
    // set after the scenarios are added: picocli applies it to the subcommands present at the call
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    System.exit(commandLine.execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
