package dev.kanal.bench.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one scenario run measured, written as JSON for the report generator. Parameters say what
 * was asked (they pair a Kanal run with the reference run of the same case); figures say what was
 * measured; problems say what went wrong (a run with problems still reports what it saw).
 *
 * @param started when the run started, ISO-8601 UTC
 * @param complete false when the deadline cut the run short
 */
public record Result(
    String scenario,
    String target,
    String command,
    String started,
    double seconds,
    boolean complete,
    Map<String, Object> parameters,
    Map<String, Double> figures,
    List<String> problems) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  public static Builder builder(String scenario, String target, String command) {
    return new Builder(scenario, target, command);
  }

  public static Result read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Result.class);
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), this);
  }

  /** A figure, or NaN if this run did not measure it. */
  public double figure(String name) {
    return figures.getOrDefault(name, Double.NaN);
  }

  /** The human summary printed at the end of a run. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(scenario).append(" against ").append(target)
        .append(complete ? "" : " (cut short by the deadline)").append('\n');
    parameters.forEach((name, value) -> out.append(String.format(Locale.ROOT, "  %-32s %s%n", name, value)));
    out.append(String.format(Locale.ROOT, "  %-32s %.1f%n", "seconds", seconds));
    figures.forEach((name, value) -> out.append(String.format(Locale.ROOT, "  %-32s %,.3f%n", name, value)));
    problems.forEach(problem -> out.append("  problem: ").append(problem).append('\n'));
    return out.toString();
  }

  /** Collects a run's figures as it goes; used by one thread. */
  public static final class Builder {
    private final String scenario;
    private final String target;
    private final String command;
    private final String started = Instant.now().toString();
    private final long startedNanos = System.nanoTime();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private boolean complete = true;

    private Builder(String scenario, String target, String command) {
      this.scenario = scenario;
      this.target = target;
      this.command = command;
    }

    public Builder parameter(String name, Object value) {
      parameters.put(name, value);
      return this;
    }

    public Builder figure(String name, double value) {
      if (Double.isFinite(value)) {
        figures.put(name, value);
      }
      return this;
    }

    public Builder problem(String problem) {
      problems.add(problem);
      return this;
    }

    /** The deadline cut the run short; {@code what} says where. */
    public Builder cutShort(String what) {
      complete = false;
      return problem("deadline reached " + what);
    }

    public Result build() {
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      return new Result(scenario, target, command, started, seconds, complete,
          Collections.unmodifiableMap(new LinkedHashMap<>(parameters)),
          Collections.unmodifiableMap(new LinkedHashMap<>(figures)), List.copyOf(problems));
    }
  }
}
