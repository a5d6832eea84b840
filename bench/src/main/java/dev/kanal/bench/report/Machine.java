package dev.kanal.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine a run was measured on, as the report names it. */
public record Machine(int cores, String cpuModel, long memoryBytes, String kernel, String jdk) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern MODEL = Pattern.compile("(?m)^model name\\s*:\\s*(.+)$");
  private static final Pattern PROCESSOR = Pattern.compile("(?m)^processor\\s*:");
  private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+) kB");

  /** This machine, with the JDK running this process (the runner starts every JVM with the same one). */
  public static Machine current() throws IOException {
    return parse(
        Files.readString(Path.of("/proc/cpuinfo")),
        Files.readString(Path.of("/proc/meminfo")),
        Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(),
        System.getProperty("java.vm.name") + " " + Runtime.version());
  }

  static Machine parse(String cpuinfo, String meminfo, String kernel, String jdk) {
    int cores = (int) PROCESSOR.matcher(cpuinfo).results().count();
    Matcher model = MODEL.matcher(cpuinfo);
    Matcher memory = MEM_TOTAL.matcher(meminfo);
    return new Machine(cores, model.find() ? model.group(1).trim() : "unknown",
        memory.find() ? Long.parseLong(memory.group(1)) * 1024 : 0, kernel, jdk);
  }

  public static Machine read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), Machine.class);
  }

  public String json() throws IOException {
    return JSON.writeValueAsString(this);
  }
}
