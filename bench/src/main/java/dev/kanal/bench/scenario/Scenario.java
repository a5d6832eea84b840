package dev.kanal.bench.scenario;

import dev.kanal.bench.client.Dialect;
import dev.kanal.bench.client.SocketClient;
import dev.kanal.bench.measure.Result;
import dev.kanal.bench.measure.ServerMetrics;
import dev.kanal.bench.measure.ServerProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One load scenario: sets up a run, lets the subclass measure, then prints the summary and writes
 * the JSON result. Exits 0 when the run met its counts without problems, 1 otherwise.
 */
abstract class Scenario implements Callable<Integer> {
  @Mixin
  TargetOptions options;

  @Spec
  CommandSpec spec;

  /** Records the parameters and measures into {@code run.result()}. */
  abstract void run(Run run) throws Exception;

  @Override
  public Integer call() throws Exception {
    String token = options.bearerToken();
    Dialect dialect = options.target.dialect(token);
    Result.Builder result = Result.builder(spec.name(), options.target.label(), command());
    result.parameter("nodes", options.urls.size());
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    List<URI> metricsEndpoints = options.urls.stream().map(dialect::metrics).flatMap(Optional::stream).toList();
    try (SocketClient client = new SocketClient(options.threads, dialect)) {
      run(new Run(options.target, options.urls, token, dialect, client, http,
          new ServerProcesses(options.serverPids), new ServerMetrics(http, metricsEndpoints),
          Deadline.after(options.maxDuration()), result));
      result.figure("sockets_closed_by_server", client.closedByServer());
      if (client.closedByServer() > 0) {
        result.problem(client.closedByServer() + " sockets were closed by the server");
      }
    }
    Result done = result.build();
    System.out.print(done.summary());
    if (options.out != null) {
      done.write(options.out);
    }
    return done.complete() && done.problems().isEmpty() ? 0 : 1;
  }

  /** Refuses a scenario the reference server has nothing to compare with. */
  void requireKanal(String feature) {
    if (options.target != TargetServer.KANAL) {
      throw new ParameterException(spec.commandLine(), "the reference server has no " + feature + ": use --target kanal");
    }
  }

  /** The command line as given, with secrets masked, for the report. */
  private String command() {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if ((arg.equals("--jwt-secret") || arg.equals("--token")) && i + 1 < args.size()) {
        args.set(i + 1, "…");
      } else if (arg.startsWith("--jwt-secret=") || arg.startsWith("--token=")) {
        args.set(i, arg.substring(0, arg.indexOf('=') + 1) + "…");
      }
    }
    return "java -jar bench/target/kanal-bench.jar " + String.join(" ", args);
  }
}
